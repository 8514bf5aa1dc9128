package dev.distlock.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import javax.sql.DataSource;

/**
 * The databases {@link JdbcLockAdapter} speaks to, each with its own statements and schema script.
 *
 * @since 0.1.0
 */
public enum JdbcDialect {

	/** PostgreSQL: one statement per operation, {@code clock_timestamp()}, {@code LISTEN}/{@code NOTIFY} wake-ups. */
	POSTGRESQL("postgresql"),

	/** MariaDB and MySQL: {@code UTC_TIMESTAMP(6)}, binary keys so that comparison is exact. */
	MARIADB("mariadb"),

	/** H2, for tests and embedded use. */
	H2("h2");

	private final String scriptName;

	JdbcDialect(String scriptName) {
		this.scriptName = scriptName;
	}

	/**
	 * Where the schema script of this dialect lies, in the form Spring's resource loading reads. It creates the table
	 * {@value JdbcLockAdapterSettings#DEFAULT_TABLE_NAME}, and beside it the tables of {@link JdbcSemaphoreAdapter}
	 * and {@link JdbcReadWriteLockAdapter}, named after it; copy it into a Flyway or Liquibase migration, with another
	 * name put in if the adapter is set to one.
	 * @return for example {@code classpath:dev/distlock/jdbc/schema-postgresql.sql}
	 */
	public String schemaLocation() {
		return "classpath:dev/distlock/jdbc/schema-" + this.scriptName + ".sql";
	}

	// Where each schema script's semaphore and read-write lock tables begin.
	private static final String LEASE_TABLES_MARKER = "-- Semaphores and read-write locks:";

	/**
	 * The schema script of this dialect with another table name put in, for creating the table at startup.
	 * @param tableName the table name, as {@link JdbcLockAdapterSettings} accepts it
	 * @return the statements, separated by semicolons
	 * @throws IllegalArgumentException if the table name is not one the settings accept
	 */
	public String schemaScript(String tableName) {
		String checked = JdbcLockAdapterSettings.defaults().withTableName(tableName).tableName();
		String resource = schemaLocation().substring("classpath:".length());
		try (InputStream in = JdbcDialect.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException("The schema script " + schemaLocation() + " is missing");
			}
			String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
			if (!JdbcLeaseSupport.fitsLeaseTables(checked)) {
				// Too long a name for the tables named after it: no truncated names that could be each other's. The
				// semaphore and read-write lock adapters refuse such a name, so nothing needs those tables.
				script = script.substring(0, script.indexOf(LEASE_TABLES_MARKER));
			}
			// The index names carry the table name too, so two lock tables in one schema do not clash. The tables of
			// semaphores and read-write locks are the lock table's name with a suffix: a table name's prefix matches.
			return script.replace(JdbcLockAdapterSettings.DEFAULT_TABLE_NAME, checked.replace('.', '_'))
				.replace("TABLE IF NOT EXISTS " + checked.replace('.', '_'), "TABLE IF NOT EXISTS " + checked)
				.replace(" ON " + checked.replace('.', '_'), " ON " + checked);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read " + schemaLocation(), ex);
		}
	}

	/**
	 * Finds the dialect of a database from its JDBC metadata, on a connection that is closed again at once.
	 * @param dataSource the database
	 * @return its dialect
	 * @throws IllegalArgumentException if the database is none of the supported ones
	 * @throws IllegalStateException if the database cannot be reached to ask
	 */
	public static JdbcDialect detect(DataSource dataSource) {
		String product;
		try (Connection connection = dataSource.getConnection()) {
			product = connection.getMetaData().getDatabaseProductName();
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot read the database's product name to choose a dialect", ex);
		}
		return fromProductName(product);
	}

	/**
	 * Finds the dialect for a JDBC database product name.
	 * @param productName as {@code DatabaseMetaData.getDatabaseProductName()} reports it
	 * @return its dialect
	 * @throws IllegalArgumentException if the product is none of the supported ones
	 */
	public static JdbcDialect fromProductName(String productName) {
		String name = productName.toLowerCase(Locale.ROOT);
		if (name.contains("postgres")) {
			return POSTGRESQL;
		}
		if (name.contains("mariadb") || name.contains("mysql")) {
			return MARIADB;
		}
		if (name.equals("h2")) {
			return H2;
		}
		throw new IllegalArgumentException("productName '" + productName
				+ "' is not a database distlock supports (PostgreSQL, MariaDB, MySQL, H2)");
	}

}
