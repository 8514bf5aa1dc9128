package dev.distlock.benchmarks;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * The PostgreSQL that the JDBC rows run on, and one library's share of it: a HikariCP pool of {@value #POOL_SIZE}
 * connections, the same for every library, and the tables it created, dropped again on {@link #close()}.
 *
 * <p>Where: {@code DISTLOCK_BENCH_POSTGRES_URL} (default {@value #DEFAULT_URL}), {@code DISTLOCK_BENCH_POSTGRES_USER}
 * (default {@code postgres}) and {@code DISTLOCK_BENCH_POSTGRES_PASSWORD} (default empty). Table names start with the
 * run's prefix from {@code -Ddistlock.bench.jdbcPrefix} (benchmarks/run sets a fresh one per run, and drops whatever
 * is left with it at the end), then the library and a random suffix per JVM: the run never touches a table it did
 * not create, and two runs, or the tests running on the same database, never meet.
 */
final class BenchJdbc implements AutoCloseable {

	/** Connections per library: at least the 8 benchmark threads + 2, the same for every library. */
	static final int POOL_SIZE = 10;

	static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";

	/** Every benchmark table starts with this; a run's prefix adds its own id. */
	static final String TABLE_PREFIX = "distlock_bench_";

	private static final Pattern RUN_PREFIX = Pattern.compile(TABLE_PREFIX + "[a-z0-9]{4,16}_");

	private final HikariDataSource pool;

	private final DataSource forLibrary;

	private final List<String> tables = new ArrayList<>();

	/**
	 * Opens a pool for one library.
	 * @param name the pool's name, for thread names and logs
	 * @param calls counts every JDBC call the library makes, or {@code null} to hand it the pool as it is
	 */
	BenchJdbc(String name, @Nullable JdbcCalls calls) {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url());
		config.setUsername(user());
		config.setPassword(password());
		config.setPoolName("bench-" + name);
		// A fixed-size pool, as HikariCP recommends: no connection is opened while measuring.
		config.setMaximumPoolSize(POOL_SIZE);
		config.setMinimumIdle(POOL_SIZE);
		this.pool = new HikariDataSource(config);
		this.forLibrary = (calls != null) ? calls.wrap(this.pool) : this.pool;
	}

	static String url() {
		return env("DISTLOCK_BENCH_POSTGRES_URL", DEFAULT_URL);
	}

	static String user() {
		return env("DISTLOCK_BENCH_POSTGRES_USER", "postgres");
	}

	private static String password() {
		return env("DISTLOCK_BENCH_POSTGRES_PASSWORD", "");
	}

	private static String env(String name, String fallback) {
		String value = System.getenv(name);
		return (value != null && !value.isBlank()) ? value.trim() : fallback;
	}

	/** This run's table prefix: from benchmarks/run, or a fresh one for a JVM started by hand. */
	static String runPrefix() {
		String prefix = System.getProperty("distlock.bench.jdbcPrefix");
		if (prefix == null) {
			return TABLE_PREFIX + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + "_";
		}
		if (!RUN_PREFIX.matcher(prefix).matches()) {
			throw new IllegalArgumentException("distlock.bench.jdbcPrefix must look like " + RUN_PREFIX + ", was "
					+ prefix);
		}
		return prefix;
	}

	/** What the library's statements go to: the pool, or the pool seen through {@link JdbcCalls}. */
	DataSource dataSource() {
		return this.forLibrary;
	}

	/**
	 * A table name no one else uses, dropped on {@link #close()}.
	 * @param library a short tag of the library, lower case
	 * @return the run's prefix, the tag and a random suffix
	 */
	String newTable(String library) {
		String table = newName(library);
		dropOnClose(table);
		return table;
	}

	/**
	 * A name no one else uses, for a library that makes its table name from a prefix.
	 * @param library a short tag of the library, lower case
	 * @return the run's prefix, the tag and a random suffix
	 */
	String newName(String library) {
		return runPrefix() + library + "_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt())
			.substring(0, 6);
	}

	/**
	 * Drops this table on {@link #close()}.
	 * @param table the table, created by this library's client
	 */
	void dropOnClose(String table) {
		this.tables.add(table);
	}

	/**
	 * Runs a DDL script (statements separated by semicolons, {@code --} comments) on the pool itself, never counted.
	 * @param script the script
	 */
	void execute(String script) {
		new ResourceDatabasePopulator(new ByteArrayResource(script.getBytes(StandardCharsets.UTF_8))).execute(this.pool);
	}

	/** Drops the tables this library created, then closes the pool. */
	@Override
	public void close() {
		try {
			JdbcTemplate template = new JdbcTemplate(this.pool);
			for (String table : this.tables) {
				template.execute("DROP TABLE IF EXISTS " + table);
			}
		}
		finally {
			this.pool.close();
		}
	}

	/**
	 * Checks that the database answers; used by benchmarks/run before the JDBC part.
	 * @return the server's product name and version
	 * @throws SQLException if it does not answer
	 */
	static String check() throws SQLException {
		try (HikariDataSource dataSource = single(); Connection connection = dataSource.getConnection()) {
			DatabaseMetaData metaData = connection.getMetaData();
			return metaData.getDatabaseProductName() + " " + metaData.getDatabaseProductVersion();
		}
	}

	/**
	 * Drops every table whose name starts with a run's prefix: what a JVM that died left behind.
	 * @param prefix the run's prefix, as benchmarks/run passed it in {@code -Ddistlock.bench.jdbcPrefix}
	 * @return the tables dropped
	 */
	static List<String> dropRun(String prefix) {
		if (!RUN_PREFIX.matcher(prefix).matches()) {
			throw new IllegalArgumentException("Not a run's table prefix: " + prefix);
		}
		try (HikariDataSource dataSource = single()) {
			JdbcTemplate template = new JdbcTemplate(dataSource);
			// left(), not LIKE: the underscores of the prefix would be wildcards there.
			List<String> tables = template.queryForList("SELECT tablename FROM pg_tables WHERE schemaname = "
					+ "current_schema() AND left(tablename, length(?)) = ?", String.class, prefix, prefix);
			for (String table : tables) {
				template.execute("DROP TABLE IF EXISTS " + table);
			}
			return tables;
		}
	}

	private static HikariDataSource single() {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(url());
		config.setUsername(user());
		config.setPassword(password());
		config.setPoolName("bench-admin");
		config.setMaximumPoolSize(1);
		config.setInitializationFailTimeout(-1);
		config.setConnectionTimeout(5_000);
		return new HikariDataSource(config);
	}

}
