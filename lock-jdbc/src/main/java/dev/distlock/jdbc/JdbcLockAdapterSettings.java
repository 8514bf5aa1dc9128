package dev.distlock.jdbc;

import java.time.Duration;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * How a {@link JdbcLockAdapter} uses its database.
 *
 * @param tableName the lock table, optionally qualified by its schema ({@code locks.distlock_locks}): letters, digits
 * and underscores only, since it is written into the statements
 * @param queryTimeout how long one statement may run before the driver cancels it and the operation fails with a
 * backend error; JDBC counts it in whole seconds, so it is rounded up to the next second
 * @param dialect the database's dialect, or {@code null} to detect it from the connection's metadata
 * @param notifications whether, on PostgreSQL, releases are announced with {@code NOTIFY} and one listening
 * connection wakes this JVM's waiters at once; without it, waiters in other processes poll
 * @param cleanupAfter how long a row stays after its lock was released or expired, before it may be deleted: while
 * it stays, the key's next fencing token follows its last one; after, the next token comes from the database's clock
 * @since 0.1.0
 */
public record JdbcLockAdapterSettings(String tableName, Duration queryTimeout, @Nullable JdbcDialect dialect,
		boolean notifications, Duration cleanupAfter) {

	/** The table name unless set otherwise: {@value}. */
	public static final String DEFAULT_TABLE_NAME = "distlock_locks";

	/** The query timeout unless set otherwise: 2 seconds. */
	public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(2);

	/** How long free rows stay unless set otherwise: 1 hour. */
	public static final Duration DEFAULT_CLEANUP_AFTER = Duration.ofHours(1);

	// Unquoted identifiers only: the name is written into SQL, so nothing else may get in.
	private static final Pattern TABLE_NAME = Pattern.compile("([A-Za-z_][A-Za-z0-9_]{0,62}\\.)?[A-Za-z_][A-Za-z0-9_]{0,62}");

	private static final Duration MAX_QUERY_TIMEOUT = Duration.ofDays(1);

	private static final Duration MAX_CLEANUP_AFTER = Duration.ofDays(36500);

	/**
	 * Checks the values.
	 * @param tableName the lock table
	 * @param queryTimeout the statement timeout
	 * @param dialect the dialect, or {@code null} to detect it
	 * @param notifications whether PostgreSQL releases notify
	 * @param cleanupAfter how long free rows stay
	 * @throws IllegalArgumentException naming the value that is missing or out of range
	 */
	public JdbcLockAdapterSettings {
		if (tableName == null || !TABLE_NAME.matcher(tableName).matches()) {
			throw new IllegalArgumentException("tableName must be an unquoted SQL identifier of letters, digits and "
					+ "underscores, optionally schema-qualified, at most 63 characters a part, was '" + tableName + "'");
		}
		if (queryTimeout == null || queryTimeout.isNegative() || queryTimeout.isZero()
				|| queryTimeout.compareTo(MAX_QUERY_TIMEOUT) > 0) {
			throw new IllegalArgumentException("queryTimeout must be positive and at most a day, was " + queryTimeout);
		}
		if (cleanupAfter == null || cleanupAfter.isNegative() || cleanupAfter.isZero()
				|| cleanupAfter.compareTo(MAX_CLEANUP_AFTER) > 0) {
			throw new IllegalArgumentException("cleanupAfter must be positive and at most 100 years, was " + cleanupAfter);
		}
	}

	/**
	 * The defaults: table {@value #DEFAULT_TABLE_NAME}, a query timeout of 2 seconds, the dialect detected,
	 * notifications on, free rows kept for an hour.
	 * @return the default settings
	 */
	public static JdbcLockAdapterSettings defaults() {
		return new JdbcLockAdapterSettings(DEFAULT_TABLE_NAME, DEFAULT_QUERY_TIMEOUT, null, true,
				DEFAULT_CLEANUP_AFTER);
	}

	/**
	 * Tells whether the tables of semaphores and read-write locks ({@link JdbcSemaphoreAdapter},
	 * {@link JdbcReadWriteLockAdapter}), named after this table, fit the databases' identifier length: a table name
	 * (its last part) of at most 48 characters. The schema scripts create them only then.
	 * @return {@code true} if semaphores and read-write locks can use this table name
	 */
	public boolean supportsLeaseTables() {
		return JdbcLeaseSupport.fitsLeaseTables(this.tableName);
	}

	/**
	 * These settings with another table.
	 * @param tableName the lock table
	 * @return the new settings
	 */
	public JdbcLockAdapterSettings withTableName(String tableName) {
		return new JdbcLockAdapterSettings(tableName, this.queryTimeout, this.dialect, this.notifications,
				this.cleanupAfter);
	}

	/**
	 * These settings with another query timeout.
	 * @param queryTimeout the statement timeout
	 * @return the new settings
	 */
	public JdbcLockAdapterSettings withQueryTimeout(Duration queryTimeout) {
		return new JdbcLockAdapterSettings(this.tableName, queryTimeout, this.dialect, this.notifications,
				this.cleanupAfter);
	}

	/**
	 * These settings with a fixed dialect instead of detection.
	 * @param dialect the dialect
	 * @return the new settings
	 */
	public JdbcLockAdapterSettings withDialect(JdbcDialect dialect) {
		return new JdbcLockAdapterSettings(this.tableName, this.queryTimeout, dialect, this.notifications,
				this.cleanupAfter);
	}

	/**
	 * These settings with PostgreSQL notifications on or off.
	 * @param notifications whether releases notify
	 * @return the new settings
	 */
	public JdbcLockAdapterSettings withNotifications(boolean notifications) {
		return new JdbcLockAdapterSettings(this.tableName, this.queryTimeout, this.dialect, notifications,
				this.cleanupAfter);
	}

	/**
	 * These settings with another time free rows stay.
	 * @param cleanupAfter how long free rows stay
	 * @return the new settings
	 */
	public JdbcLockAdapterSettings withCleanupAfter(Duration cleanupAfter) {
		return new JdbcLockAdapterSettings(this.tableName, this.queryTimeout, this.dialect, this.notifications,
				cleanupAfter);
	}

	/**
	 * The PostgreSQL channel releases are announced on: the table name, with a schema's dot as an underscore.
	 * @return the channel name
	 */
	public String notificationChannel() {
		return this.tableName.replace('.', '_');
	}

	int queryTimeoutSeconds() {
		long seconds = this.queryTimeout.toSeconds();
		return (int) ((this.queryTimeout.toNanosPart() > 0) ? seconds + 1 : seconds);
	}

}
