package dev.distlock.jdbc;

import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import dev.distlock.test.jdbc.TestDatabase;
import dev.distlock.test.jdbc.TestDatabaseEndpoint;

/**
 * A lock table of a test's own, in a real database (or a private in-memory H2), created from the dialect's schema
 * script and dropped again: tests share the databases with other runs.
 */
final class LockTable implements AutoCloseable {

	private final HikariDataSource dataSource;

	private final JdbcDialect dialect;

	private final String name;

	private LockTable(HikariDataSource dataSource, JdbcDialect dialect) {
		this.dataSource = dataSource;
		this.dialect = dialect;
		this.name = "distlock_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
				new ByteArrayResource(dialect.schemaScript(this.name).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
		populator.execute(dataSource);
	}

	static LockTable in(JdbcDialect dialect) {
		return new LockTable(dataSource(dialect, 10), dialect);
	}

	static HikariDataSource dataSource(JdbcDialect dialect, int poolSize) {
		HikariConfig config = new HikariConfig();
		switch (dialect) {
			case POSTGRESQL -> endpoint(config, TestDatabase.POSTGRESQL.endpoint());
			case MARIADB -> endpoint(config, TestDatabase.MARIADB.endpoint());
			case H2 -> config.setJdbcUrl("jdbc:h2:mem:distlock-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		}
		config.setMaximumPoolSize(poolSize);
		config.setConnectionTimeout(5000);
		return new HikariDataSource(config);
	}

	private static void endpoint(HikariConfig config, TestDatabaseEndpoint endpoint) {
		config.setJdbcUrl(endpoint.jdbcUrl());
		config.setUsername(endpoint.username());
		config.setPassword(endpoint.password());
	}

	DataSource dataSource() {
		return this.dataSource;
	}

	JdbcDialect dialect() {
		return this.dialect;
	}

	String name() {
		return this.name;
	}

	JdbcLockAdapterSettings settings() {
		return JdbcLockAdapterSettings.defaults().withTableName(this.name);
	}

	JdbcTemplate jdbc() {
		return new JdbcTemplate(this.dataSource);
	}

	@Override
	public void close() {
		try {
			jdbc().execute("DROP TABLE IF EXISTS " + this.name);
		}
		finally {
			this.dataSource.close();
		}
	}

}
