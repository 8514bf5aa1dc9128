package dev.distlock.jdbc;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What {@link JdbcSemaphoreAdapter} and {@link JdbcReadWriteLockAdapter} share with {@link JdbcLockAdapter}: the
 * application's {@code DataSource} on connections of the adapter's own, in autocommit; statements with the query
 * timeout; short {@code READ COMMITTED} transactions of their own ({@code REQUIRES_NEW}); the dialect, configured or
 * detected; the clean-up at most once a minute; the checks of the schema.
 */
final class JdbcLeaseSupport {

	private static final Logger logger = LoggerFactory.getLogger(JdbcLeaseSupport.class);

	private static final long CLEANUP_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	// A transaction that lost an insert race or a deadlock was rolled back whole, so trying again cannot apply it
	// twice; as JdbcLockAdapter's acquire.
	private static final int MAX_TRIES = 3;

	// Table and index names get a suffix of at most this many characters; a longer name would be cut by PostgreSQL,
	// and a cut name could be another table's or index's.
	private static final int MAX_SUFFIX = "_rw_intents_exp".length();

	private static final int MAX_IDENTIFIER = 63;

	final JdbcLockAdapterSettings settings;

	final JdbcDialect dialect;

	final JdbcClient jdbc;

	/** The database's clock in microseconds since the epoch, as an SQL expression. */
	final String now;

	private final TransactionTemplate transactions;

	private final long cleanupIntervalNanos;

	private final AtomicLong nextCleanup = new AtomicLong(System.nanoTime());

	/**
	 * Tells whether the tables and indexes of semaphores and read-write locks, named after {@code table}, fit the
	 * databases' identifier length, so that none is cut to another's name.
	 */
	static boolean fitsLeaseTables(String table) {
		String lastPart = table.substring(table.indexOf('.') + 1);
		return lastPart.length() + MAX_SUFFIX <= MAX_IDENTIFIER;
	}

	JdbcLeaseSupport(@Nullable DataSource dataSource, @Nullable JdbcLockAdapterSettings settings) {
		if (dataSource == null) {
			throw new IllegalArgumentException("dataSource must not be null");
		}
		if (settings == null) {
			throw new IllegalArgumentException("settings must not be null");
		}
		String table = settings.tableName();
		if (!fitsLeaseTables(table)) {
			throw new IllegalArgumentException("tableName '" + table + "' is too long for semaphores and read-write "
					+ "locks, whose tables and indexes append up to " + MAX_SUFFIX + " characters to it: at most "
					+ (MAX_IDENTIFIER - MAX_SUFFIX) + " characters a part");
		}
		DataSource own = new OwnConnectionDataSource(dataSource);
		JdbcDialect configured = settings.dialect();
		this.settings = settings;
		this.dialect = (configured != null) ? configured : JdbcDialect.detect(own);
		JdbcTemplate template = new JdbcTemplate(own);
		template.setQueryTimeout(settings.queryTimeoutSeconds());
		if (this.dialect == JdbcDialect.H2) {
			// H2 writes the row it could not lock, owner included, into a lock timeout's message.
			template.setExceptionTranslator(new ValueMaskingExceptionTranslator(template.getExceptionTranslator()));
		}
		this.jdbc = JdbcClient.create(template);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(own));
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
		this.transactions.setTimeout(settings.queryTimeoutSeconds());
		this.now = LockSql.nowMicros(this.dialect);
		this.cleanupIntervalNanos = Math.min(CLEANUP_INTERVAL_NANOS, settings.cleanupAfter().toNanos());
	}

	/** A table of the adapters beside the lock table: its name with {@code suffix} appended. */
	String table(String suffix) {
		return this.settings.tableName() + suffix;
	}

	/**
	 * Runs {@code work} in a short transaction of its own, on a connection of its own; tried again, whole, only when
	 * it lost an insert race or a deadlock (it was rolled back, so nothing of it applied).
	 */
	<T> T inTransaction(Supplier<T> work) {
		for (int tries = 1;; tries++) {
			try {
				@Nullable T result = this.transactions.execute((status) -> work.get());
				if (result == null) {
					throw new IllegalStateException("The transaction returned nothing");
				}
				return result;
			}
			catch (DuplicateKeyException | PessimisticLockingFailureException ex) {
				if (tries >= MAX_TRIES || !JdbcLockAdapter.isRetriable(ex)) {
					throw ex;
				}
			}
		}
	}

	/**
	 * Runs one statement in autocommit; in a caller's Spring transaction, in a short transaction of its own, so that
	 * the connection goes back to the pool at once (as {@link JdbcLockAdapter} does).
	 */
	<T> T statement(Supplier<T> statement) {
		for (int tries = 1;; tries++) {
			try {
				return statementOnce(statement);
			}
			catch (PessimisticLockingFailureException ex) {
				// A deadlock victim (SQLSTATE 40001; MariaDB picks releases too, against an acquire's next-key locks)
				// was rolled back whole, so trying again cannot apply it twice. Not tried again, a failed release
				// would keep the hold until its TTL, and the owner's own next write would be refused as an upgrade.
				if (tries >= MAX_TRIES || !JdbcLockAdapter.isRetriable(ex)) {
					throw ex;
				}
			}
		}
	}

	private <T> T statementOnce(Supplier<T> statement) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return statement.get();
		}
		@Nullable T result = this.transactions.execute((status) -> statement.get());
		if (result == null) {
			throw new IllegalStateException("A statement returned nothing");
		}
		return result;
	}

	/**
	 * Reads nothing from each table, to see that it exists with its columns.
	 * @param checks table name → {@code SELECT} of its columns
	 * @throws MissingLockTableException naming the first table that cannot be used
	 */
	void checkTables(List<String[]> checks) {
		for (String[] check : checks) {
			try {
				statement(() -> this.jdbc.sql(check[1]).query().listOfRows());
			}
			catch (DataAccessException ex) {
				if (JdbcLockAdapter.isMissingTable(ex)) {
					throw new MissingLockTableException(check[0], this.dialect, ex);
				}
				throw ex;
			}
		}
	}

	/**
	 * Runs the clean-up statements, each with {@code :keep} bound to {@link JdbcLockAdapterSettings#cleanupAfter()},
	 * at most once a minute per adapter, on the thread of an operation that is done already; a failure is logged
	 * and leaves the rows for the next clean-up.
	 */
	void cleanUpNow(List<String> statements) {
		long nanos = System.nanoTime();
		long next = this.nextCleanup.get();
		if (nanos - next < 0 || !this.nextCleanup.compareAndSet(next, nanos + this.cleanupIntervalNanos)) {
			return;
		}
		long keep = JdbcLockAdapter.micros(this.settings.cleanupAfter());
		for (String cleanUp : statements) {
			try {
				int deleted = statement(() -> this.jdbc.sql(cleanUp).param("keep", keep).update());
				if (deleted > 0) {
					logger.debug("Deleted {} expired or idle rows beside {}", deleted, this.settings.tableName());
				}
			}
			catch (DataAccessException | TransactionException ex) {
				logger.debug("Failed to delete expired or idle rows beside {}", this.settings.tableName(), ex);
			}
		}
	}

	/**
	 * The clean-up of {@code table}: at most a hundred rows matching {@code stale}, a condition with {@code :keep};
	 * on PostgreSQL without waiting for rows an operation has locked.
	 */
	String cleanUp(String table, String keyColumns, String stale) {
		return switch (this.dialect) {
			case POSTGRESQL -> "DELETE FROM " + table + " WHERE (" + keyColumns + ") IN (SELECT " + keyColumns
					+ " FROM " + table + " WHERE " + stale + " LIMIT 100 FOR UPDATE SKIP LOCKED) AND " + stale;
			case MARIADB -> "DELETE FROM " + table + " WHERE " + stale + " LIMIT 100";
			case H2 -> "DELETE FROM " + table + " WHERE " + stale + " FETCH FIRST 100 ROWS ONLY";
		};
	}

	/**
	 * An insert of a key row that, on PostgreSQL and MariaDB, does nothing if a concurrent transaction inserted the
	 * key first (after waiting for it to commit); on H2 that concurrent insert makes it fail with a duplicate key,
	 * and {@link #inTransaction} tries the whole transaction again.
	 */
	String insertKeyRow(String table, String keyColumn, String columns, String values) {
		String insert = "INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")";
		return switch (this.dialect) {
			case POSTGRESQL -> insert + " ON CONFLICT (" + keyColumn + ") DO NOTHING";
			case MARIADB -> insert + " ON DUPLICATE KEY UPDATE " + keyColumn + " = " + keyColumn;
			case H2 -> insert;
		};
	}

	/**
	 * The database's clock as a value computed once per statement: on PostgreSQL a sub-select, so that the planner
	 * can use an index (compared with the volatile {@code clock_timestamp()} itself, it would scan).
	 */
	String nowOnce() {
		return (this.dialect == JdbcDialect.POSTGRESQL) ? "(SELECT " + this.now + ")" : this.now;
	}

	static @Nullable Duration remaining(@Nullable Long micros) {
		return JdbcLockAdapter.remaining(micros, Duration.of(1, ChronoUnit.MICROS));
	}

	static long micros(Duration duration) {
		return JdbcLockAdapter.micros(duration);
	}

	static @Nullable Long expiry(long nowMicros, @Nullable Duration ttl) {
		return (ttl != null) ? nowMicros + micros(ttl) : null;
	}

}
