package dev.distlock.sample;

import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import dev.distlock.test.jdbc.TestDatabase;
import dev.distlock.test.jdbc.TestDatabaseEndpoint;

/**
 * {@link OwnerLeakCheck} with the {@code jdbc} profile on PostgreSQL, Spring's JDBC logging at DEBUG (the statements,
 * whose owners are bind parameters, never literals): what the adapter and its release listener log must name no
 * owner either.
 */
@ActiveProfiles("jdbc")
// A property source, not a dynamic property: logging levels are set before dynamic properties are added.
@TestPropertySource(properties = "logging.level.org.springframework.jdbc=DEBUG")
class OwnersNeverLeaveTheSampleOnPostgresTests extends OwnerLeakCheck {

	// Random per run: the database is shared with other test runs.
	private static final String RUN = UUID.randomUUID().toString();

	// A lock table of this run's own, dropped at the end.
	private static final String LOCK_TABLE = "sample_leak_locks_"
			+ HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

	@Autowired
	private JdbcClient jdbc;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		TestDatabaseEndpoint postgres = TestDatabase.POSTGRESQL.endpoint();
		registry.add("spring.datasource.url", postgres::jdbcUrl);
		registry.add("spring.datasource.username", postgres::username);
		registry.add("spring.datasource.password", postgres::password);
		registry.add("distlock.namespace", () -> "sample-leak-" + RUN);
		registry.add("distlock.jdbc.table-name", () -> LOCK_TABLE);
	}

	@AfterEach
	void dropTheRunsRows() {
		this.jdbc.sql("DELETE FROM sample_bookings WHERE show_name = ?").param(show()).update();
		this.jdbc.sql("DROP TABLE IF EXISTS " + LOCK_TABLE).update();
	}

}
