package dev.distlock.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

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

	static final List<String> LEASE_TABLE_SUFFIXES = List.of("_sem", "_sem_slots", "_rw", "_rw_holds", "_rw_intents");

	private final HikariDataSource dataSource;

	private final JdbcDialect dialect;

	private final String name;

	// Closed before the table is dropped, newest first: other pools and tables of the test's own on this database.
	private final List<AutoCloseable> extras = new ArrayList<>();

	private LockTable(HikariDataSource dataSource, JdbcDialect dialect) {
		this.dataSource = dataSource;
		this.dialect = dialect;
		this.name = "distlock_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
		ResourceDatabasePopulator populator = new ResourceDatabasePopulator(
				new ByteArrayResource(dialect.schemaScript(this.name).getBytes(StandardCharsets.UTF_8)));
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

	/** The JDBC URL of this table's database: for H2 the private in-memory database, which stays while open. */
	String jdbcUrl() {
		return this.dataSource.getJdbcUrl();
	}

	String username() {
		return this.dataSource.getUsername();
	}

	String password() {
		String password = this.dataSource.getPassword();
		return (password != null) ? password : "";
	}

	/**
	 * Another pool on this table's database, as another process would have one; closed with the table.
	 * @param customizer changes the pool's settings (4 connections, 5 s connection timeout) before it starts
	 */
	HikariDataSource newPool(Consumer<HikariConfig> customizer) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(jdbcUrl());
		config.setUsername(username());
		config.setPassword(password());
		config.setMaximumPoolSize(4);
		config.setConnectionTimeout(5000);
		customizer.accept(config);
		HikariDataSource pool = new HikariDataSource(config);
		this.extras.add(pool);
		return pool;
	}

	/**
	 * Creates another table of the test's own beside the lock table, dropped with it.
	 * @param suffix what tells it apart, appended to the lock table's name
	 * @param columns the column definitions, as they go between the parentheses of {@code CREATE TABLE}
	 * @return its name
	 */
	String createTable(String suffix, String columns) {
		String table = this.name + "_" + suffix;
		jdbc().execute("CREATE TABLE " + table + " (" + columns + ")");
		this.extras.add(() -> jdbc().execute("DROP TABLE IF EXISTS " + table));
		return table;
	}

	/**
	 * Counts the rows of the lock table with one of the given keys, live or free.
	 * @param keys namespaced keys, as the adapter stores them
	 */
	int rows(String... keys) {
		return rowsOf(this.name, "lock_key", keys);
	}

	/**
	 * Counts the rows of one of the tables beside the lock table with one of the given keys.
	 * @param suffix the table's suffix, as {@link #LEASE_TABLE_SUFFIXES} has it
	 * @param keyColumn the table's key column
	 * @param keys namespaced keys, as the adapter stores them
	 */
	int leaseRows(String suffix, String keyColumn, String... keys) {
		return rowsOf(this.name + suffix, keyColumn, keys);
	}

	/** Counts all rows of one of the tables beside the lock table. */
	int allRows(String suffix) {
		Integer count = jdbc().queryForObject("SELECT COUNT(*) FROM " + this.name + suffix, Integer.class);
		return (count != null) ? count : 0;
	}

	private int rowsOf(String table, String keyColumn, String... keys) {
		if (keys.length == 0) {
			return 0;
		}
		String in = String.join(", ", Collections.nCopies(keys.length, "?"));
		Integer count = jdbc().queryForObject("SELECT COUNT(*) FROM " + table + " WHERE " + keyColumn + " IN (" + in + ")",
				Integer.class, (Object[]) keys);
		return (count != null) ? count : 0;
	}

	@Override
	public void close() {
		try {
			for (int i = this.extras.size() - 1; i >= 0; i--) {
				try {
					this.extras.get(i).close();
				}
				catch (Exception ex) {
					// The lock table must still go: later tests and runs share this database.
				}
			}
			jdbc().execute("DROP TABLE IF EXISTS " + this.name);
			// The tables of semaphores and read-write locks, which the schema script creates beside it.
			for (String suffix : LEASE_TABLE_SUFFIXES) {
				jdbc().execute("DROP TABLE IF EXISTS " + this.name + suffix);
			}
		}
		finally {
			this.dataSource.close();
		}
	}

}
