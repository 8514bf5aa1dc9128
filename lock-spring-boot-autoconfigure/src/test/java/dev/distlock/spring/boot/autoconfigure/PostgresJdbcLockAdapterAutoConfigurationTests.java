package dev.distlock.spring.boot.autoconfigure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.transaction.support.TransactionTemplate;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockState;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.jdbc.JdbcDialect;
import dev.distlock.jdbc.JdbcLockAdapter;
import dev.distlock.jdbc.MissingLockTableException;
import dev.distlock.spring.actuate.LockHealthIndicator;
import dev.distlock.spring.boot.autoconfigure.actuate.LockHealthContributorAutoConfiguration;
import dev.distlock.test.jdbc.TestDatabase;
import dev.distlock.test.jdbc.TestDatabaseEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The JDBC adapter on a real PostgreSQL (Testcontainers, {@code DISTLOCK_TEST_POSTGRES_URL} or the local one; with
 * {@code CI=true} a missing database fails), through Spring Boot's Hikari {@code DataSource}: its listener, health,
 * shutdown, schema initialization modes and transactions. Every test uses tables of its own, dropped at the end.
 */
class PostgresJdbcLockAdapterAutoConfigurationTests {

	private static TestDatabaseEndpoint postgres;

	private static final Set<String> tables = ConcurrentHashMap.newKeySet();

	private final String namespace = "distlock-test-" + UUID.randomUUID();

	@BeforeAll
	static void findPostgres() {
		postgres = TestDatabase.POSTGRESQL.endpoint();
	}

	@AfterAll
	static void dropTables() throws Exception {
		if (postgres == null) {
			return;
		}
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(),
				postgres.password()); Statement statement = connection.createStatement()) {
			for (String table : tables) {
				statement.execute("DROP TABLE IF EXISTS " + table);
				// The tables of semaphores and read-write locks, which the schema script creates beside it.
				for (String suffix : new String[] { "_sem", "_sem_slots", "_rw", "_rw_holds", "_rw_intents" }) {
					statement.execute("DROP TABLE IF EXISTS " + table + suffix);
				}
			}
		}
	}

	// A table (and with it a notification channel) of this test's own: the database is shared with other runs.
	private static String newTable() {
		String table = "distlock_boot_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());
		tables.add(table);
		return table;
	}

	private ApplicationContextRunner runner(String table) {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DistributedLockAutoConfiguration.class, DataSourceAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + postgres.jdbcUrl(),
					"spring.datasource.username=" + postgres.username(),
					"spring.datasource.password=" + postgres.password(), "distlock.namespace=" + this.namespace,
					"distlock.jdbc.table-name=" + table, "distlock.jdbc.initialize-schema=always");
	}

	@Test
	void autoPicksJdbcAndInitializeSchemaAlwaysCreatesTheTable() {
		String table = newTable();
		runner(table).run((context) -> {
			JdbcLockAdapter adapter = context.getBean(JdbcLockAdapter.class);
			assertThat(context.getBean(LockAdapter.class)).isSameAs(adapter);
			assertThat(adapter.getDialect()).isEqualTo(JdbcDialect.POSTGRESQL);
			assertThat(adapter.wakesAcrossProcesses()).isTrue();
			assertThat(new JdbcTemplate(context.getBean(DataSource.class))
				.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class)).isZero();
			LockProvider provider = context.getBean(LockProvider.class);
			Lock first = provider.create("job");
			assertThat(first.acquire()).isTrue();
			assertThat(provider.create("job").acquire()).isFalse();
			first.release();
		});
	}

	@Test
	void initializeSchemaEmbeddedLeavesPostgresAloneAndTheMissingTableFailsTheStartup() {
		String table = newTable();
		runner(table).withPropertyValues("distlock.jdbc.initialize-schema=embedded").run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new MissingLockTableFailureAnalyzer(
					new MockEnvironment().withProperty("distlock.jdbc.initialize-schema", "embedded"))
				.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getCause()).isInstanceOf(MissingLockTableException.class);
			assertThat(analysis.getDescription()).contains("Table:    " + table + " (postgresql)")
				.contains("classpath:dev/distlock/jdbc/schema-postgresql.sql (with distlock_locks replaced by "
						+ table + ")")
				.contains("distlock.jdbc.initialize-schema = embedded");
		});
	}

	@Test
	void healthReportsTheListeningConnectionAndNoOwner() {
		String table = newTable();
		runner(table).withConfiguration(AutoConfigurations.of(LockHealthContributorAutoConfiguration.class))
			.run((context) -> {
				JdbcLockAdapter adapter = context.getBean(JdbcLockAdapter.class);
				await().atMost(Duration.ofSeconds(10)).until(adapter::isListening);
				Lock held = context.getBean(LockProvider.class).create("held");
				assertThat(held.acquire()).isTrue();
				try {
					Health health = context.getBean(LockHealthIndicator.class).health();
					assertThat(health.getStatus()).isEqualTo(Status.UP);
					assertThat(health.getDetails()).containsOnlyKeys("adapter", "namespace", "listening")
						.containsEntry("adapter", "jdbc")
						.containsEntry("namespace", this.namespace)
						.containsEntry("listening", true);
					assertThat(health.toString()).doesNotContain(held.getOwner());
				}
				finally {
					held.release();
				}
			});
	}

	@Test
	void withoutNotificationsThereIsNoListenerToReport() {
		String table = newTable();
		runner(table).withConfiguration(AutoConfigurations.of(LockHealthContributorAutoConfiguration.class))
			.withPropertyValues("distlock.jdbc.notifications=false")
			.run((context) -> {
				assertThat(context.getBean(JdbcLockAdapter.class).wakesAcrossProcesses()).isFalse();
				Health health = context.getBean(LockHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).doesNotContainKey("listening");
			});
	}

	@Test
	void theAdapterIsClosedWithTheContext() {
		String table = newTable();
		JdbcLockAdapter[] adapter = new JdbcLockAdapter[1];
		runner(table).run((context) -> {
			adapter[0] = context.getBean(JdbcLockAdapter.class);
			await().atMost(Duration.ofSeconds(10)).until(adapter[0]::isListening);
		});
		assertThat(adapter[0].isListening()).isFalse();
	}

	@Test
	void aLockTakenInATransactionThatRollsBackStaysHeld() {
		String table = newTable();
		String orders = newTable();
		runner(table)
			.withConfiguration(AutoConfigurations.of(DataSourceTransactionManagerAutoConfiguration.class,
					TransactionAutoConfiguration.class))
			.run((context) -> {
				JdbcTemplate jdbc = new JdbcTemplate(context.getBean(DataSource.class));
				jdbc.execute("CREATE TABLE " + orders + " (id INT PRIMARY KEY)");
				LockProvider provider = context.getBean(LockProvider.class);
				Lock lock = provider.create("orders:1");
				context.getBean(TransactionTemplate.class).executeWithoutResult((status) -> {
					jdbc.update("INSERT INTO " + orders + " (id) VALUES (1)");
					assertThat(lock.acquire()).isTrue();
					// Seen from the transaction's own connection too: the lock's row was committed on another.
					assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + table + " WHERE lock_key = ?",
							Integer.class, this.namespace + ":_rt:orders:1")).isOne();
					status.setRollbackOnly();
				});
				assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + orders, Integer.class))
					.as("rolled back")
					.isZero();
				assertThat(provider.create("orders:1").acquire()).as("the lock outlives the rollback").isFalse();
				assertThat(lock.getState()).isInstanceOf(LockState.Acquired.class);
				assertThat(lock.release()).isTrue();
				assertThat(provider.create("orders:1").acquire()).isTrue();
			});
	}

}
