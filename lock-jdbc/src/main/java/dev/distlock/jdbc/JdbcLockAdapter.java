package dev.distlock.jdbc;

import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
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
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.ClassUtils;

import dev.distlock.UntrustedText;
import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.ReleaseSignals;
import dev.distlock.adapter.ReleaseWatch;
import dev.distlock.adapter.UpdateResult;

/**
 * A {@link LockAdapter} on a relational database: PostgreSQL, MariaDB/MySQL or H2, through Spring's
 * {@link JdbcClient}.
 *
 * <p>A lock is a row of the lock table (see {@link JdbcDialect#schemaLocation()}). Every statement runs on a
 * connection of its own in autocommit (inside a caller's Spring transaction, in a short transaction of its own, so
 * that the connection goes back to the pool at once), never on the connection of the caller's transaction: a lock
 * taken in a transaction that rolls back stays taken, and no stale snapshot can make two instances both acquire.
 * Expiry is computed and compared by the database's clock only, in microseconds. On PostgreSQL each operation is
 * one statement ({@code INSERT … ON CONFLICT … DO UPDATE … WHERE} for the acquire); MariaDB, MySQL and H2 acquire in
 * one short transaction that locks the row. Release, refresh and the undo of an acquire are owner- and token-checked
 * {@code UPDATE}s; the state is one {@code SELECT}.
 *
 * <p>Rows stay after a release, with their expiry set to that moment, so that a key's fencing tokens keep
 * increasing; a token is the greater of the key's last token plus one and the database's clock in microseconds.
 * Rows free for longer than {@link JdbcLockAdapterSettings#cleanupAfter()} are deleted, at most a hundred at a time
 * through the expiry index, at most once a minute, after a release.
 *
 * <p>Wake-ups: a release in this JVM wakes this JVM's waiters at once. On PostgreSQL with
 * {@link JdbcLockAdapterSettings#notifications()} on, a release also runs {@code pg_notify} in its own statement, and
 * one listening connection per adapter, held for as long as the adapter is open, wakes the waiters of every other
 * JVM; elsewhere, and while that connection is lost, waiters in other processes poll with the holder's remaining
 * time.
 *
 * <p>A backend fault surfaces as a Spring {@link DataAccessException}, or a
 * {@link org.springframework.transaction.TransactionException} where the adapter runs a short transaction of its
 * own, and the provider wraps either in a {@code LockBackendException}: each statement is
 * cancelled by the driver after {@link JdbcLockAdapterSettings#queryTimeout()}; getting a connection waits as long
 * as the pool lets it.
 *
 * @since 0.1.0
 */
public final class JdbcLockAdapter implements LockAdapter, AutoCloseable {

	/** The longest key and owner the lock table stores, in UTF-16 characters: {@value}. */
	public static final int MAX_LENGTH = 255;

	private static final Logger logger = LoggerFactory.getLogger(JdbcLockAdapter.class);

	private static final boolean POSTGRES_DRIVER_PRESENT = ClassUtils.isPresent("org.postgresql.PGConnection",
			JdbcLockAdapter.class.getClassLoader());

	private static final int MAX_LOCAL_HOLDS = 10_000;

	private static final long CLEANUP_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

	// An acquire that lost an insert race or a deadlock was rolled back whole, so trying again cannot apply it twice.
	private static final int MAX_ACQUIRE_TRIES = 3;

	private final JdbcLockAdapterSettings settings;

	private final JdbcDialect dialect;

	private final LockSql sql;

	private final JdbcClient jdbc;

	private final NamedParameterJdbcTemplate batch;

	private final TransactionTemplate transactions;

	private final ReleaseSignals signals = new ReleaseSignals();

	// Marks this adapter's own notifications, which it has acted on already when it sent them.
	private final String instanceId = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

	private final @Nullable PostgresReleaseListener listener;

	private final long cleanupIntervalNanos;

	private final AtomicLong nextCleanup = new AtomicLong(System.nanoTime());

	// Keys this adapter acquired and has not released, with when their TTL ends (System.nanoTime()); a hint only.
	private final Map<String, Long> localHolds = new ConcurrentHashMap<>();

	/**
	 * Creates an adapter with the {@linkplain JdbcLockAdapterSettings#defaults() default settings}, detecting the
	 * dialect from the database.
	 * @param dataSource the database; the adapter never closes it
	 */
	public JdbcLockAdapter(DataSource dataSource) {
		this(dataSource, JdbcLockAdapterSettings.defaults());
	}

	/**
	 * Creates an adapter. On PostgreSQL with notifications on, this starts the listening connection.
	 * @param dataSource the database; the adapter never closes it
	 * @param settings the table, timeout, dialect and notification settings
	 * @throws IllegalArgumentException if an argument is {@code null}, or the database is not a supported one
	 * @throws IllegalStateException if the dialect must be detected and the database cannot be reached
	 */
	public JdbcLockAdapter(DataSource dataSource, JdbcLockAdapterSettings settings) {
		if (dataSource == null) {
			throw new IllegalArgumentException("dataSource must not be null");
		}
		if (settings == null) {
			throw new IllegalArgumentException("settings must not be null");
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
		this.batch = new NamedParameterJdbcTemplate(template);
		this.transactions = new TransactionTemplate(new DataSourceTransactionManager(own));
		this.transactions.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
		this.transactions.setTimeout(settings.queryTimeoutSeconds());
		boolean announce = this.dialect == JdbcDialect.POSTGRESQL && settings.notifications()
				&& POSTGRES_DRIVER_PRESENT;
		this.sql = LockSql.of(this.dialect, settings.tableName(), announce);
		this.cleanupIntervalNanos = Math.min(CLEANUP_INTERVAL_NANOS, settings.cleanupAfter().toNanos());
		if (announce) {
			this.listener = new PostgresReleaseListener(own, settings.notificationChannel(), this::onNotification,
					this.signals::signalAll);
			this.listener.start();
		}
		else {
			this.listener = null;
		}
	}

	/**
	 * The database's dialect, as configured or detected.
	 * @return the dialect
	 */
	public JdbcDialect getDialect() {
		return this.dialect;
	}

	/**
	 * The settings this adapter was created with.
	 * @return the settings
	 */
	public JdbcLockAdapterSettings getSettings() {
		return this.settings;
	}

	/**
	 * Checks that the lock table exists with the columns the adapter uses.
	 * @throws MissingLockTableException if it does not, naming the table and the script that creates it
	 * @throws DataAccessException if the database cannot be reached
	 */
	public void checkSchema() {
		try {
			outsideCallersTransaction(() -> this.jdbc.sql(this.sql.checkSchema).query().listOfRows());
		}
		catch (DataAccessException ex) {
			if (isMissingTable(ex)) {
				throw new MissingLockTableException(this.settings.tableName(), this.dialect, ex);
			}
			throw ex;
		}
	}

	/**
	 * Tells whether releases in other processes wake this JVM's waiters: on PostgreSQL with notifications on.
	 * @return whether a listening connection is part of this adapter
	 */
	public boolean wakesAcrossProcesses() {
		return this.listener != null;
	}

	/**
	 * Tells whether the listening connection is up. While it is not, this JVM's waiters poll.
	 * @return {@code true} on PostgreSQL with notifications on while the connection listens; {@code false} otherwise
	 */
	public boolean isListening() {
		PostgresReleaseListener current = this.listener;
		return current != null && current.isListening();
	}

	@Override
	public void checkStorable(String key, String owner) {
		checkStorable("key", key, true);
		checkStorable("owner", owner, false);
	}

	// Rejected, never truncated or replaced: a driver turns a lone surrogate into '?', which would make two keys one.
	static void checkStorable(String name, String value, boolean show) {
		String shown = show ? " " + UntrustedText.quote(value) : "";
		if (value.length() > MAX_LENGTH) {
			throw new IllegalArgumentException(name + shown + " is " + value.length()
					+ " characters long" + (show ? ", with its namespace" : "") + "; the JDBC lock table stores at most "
					+ MAX_LENGTH);
		}
		if (value.indexOf('\0') >= 0) {
			throw new IllegalArgumentException(name + shown + " contains U+0000, which databases cannot store");
		}
		int lone = UntrustedText.firstLoneSurrogate(value);
		if (lone >= 0) {
			throw new IllegalArgumentException(name + shown + " contains a lone surrogate (index " + lone
					+ "), which is not Unicode text and cannot be stored exactly");
		}
	}

	@Override
	public AcquireResult acquire(String key, String owner, @Nullable Duration ttl, long attempt) {
		Long ttlMicros = (ttl != null) ? micros(ttl) : null;
		if (this.dialect == JdbcDialect.POSTGRESQL) {
			return outsideCallersTransaction(() -> acquireInOneStatement(key, owner, ttlMicros, attempt));
		}
		for (int tries = 1;; tries++) {
			try {
				AcquireResult result = this.transactions.execute((status) -> acquireLocked(key, owner, ttlMicros,
						attempt));
				if (result == null) {
					throw new IllegalStateException("The acquire transaction returned nothing");
				}
				return result;
			}
			catch (DuplicateKeyException | PessimisticLockingFailureException ex) {
				if (tries >= MAX_ACQUIRE_TRIES || !isRetriable(ex)) {
					throw ex;
				}
			}
		}
	}

	private AcquireResult acquireInOneStatement(String key, String owner, @Nullable Long ttlMicros, long attempt) {
		@Nullable AcquireRow row = this.jdbc.sql(this.sql.acquire)
			.param("key", key)
			.param("owner", owner)
			.param("attempt", attempt)
			.param("ttl", ttlMicros, Types.BIGINT)
			.query((rs, rowNum) -> new AcquireRow(rs.getBoolean("mine"), rs.getLong("token"), rs.getLong("attempt"),
					nullableLong(rs, "remaining_us")))
			.list()
			.stream()
			.findFirst()
			.orElse(null);
		if (row == null) {
			// Lost a race with a hold the statement's snapshot did not see yet: the holder's time is unknown.
			return new AcquireResult.Unavailable(null);
		}
		if (!row.mine()) {
			return new AcquireResult.Unavailable(remaining(row.remainingMicros(), Duration.ZERO));
		}
		if (row.attempt() == attempt) {
			heldHere(key, row.remainingMicros());
			return new AcquireResult.Acquired(row.token());
		}
		return new AcquireResult.AlreadyHeld(row.token(),
				remaining(row.remainingMicros(), Duration.of(1, ChronoUnit.MICROS)));
	}

	private AcquireResult acquireLocked(String key, String owner, @Nullable Long ttlMicros, long attempt) {
		List<LockedRow> rows = this.jdbc.sql(this.sql.lockRow)
			.param("key", key)
			.query((rs, rowNum) -> new LockedRow(rs.getString("owner"), rs.getLong("token"),
					nullableLong(rs, "expires_at_us"), rs.getLong("now_us")))
			.list();
		if (rows.isEmpty()) {
			long now = this.jdbc.sql(this.sql.selectNow).query(Long.class).single();
			write(this.sql.insert, key, owner, now, attempt, expiry(now, ttlMicros));
			return new AcquireResult.Acquired(now);
		}
		LockedRow row = rows.get(0);
		boolean live = row.expiresMicros() == null || row.expiresMicros() > row.nowMicros();
		Long remaining = (row.expiresMicros() != null) ? row.expiresMicros() - row.nowMicros() : null;
		if (live && row.owner().equals(owner)) {
			this.jdbc.sql(this.sql.adopt).param("key", key).update();
			return new AcquireResult.AlreadyHeld(row.token(), remaining(remaining, Duration.of(1, ChronoUnit.MICROS)));
		}
		if (live) {
			return new AcquireResult.Unavailable(remaining(remaining, Duration.ZERO));
		}
		long token = Math.max(row.token() + 1, row.nowMicros());
		write(this.sql.takeOver, key, owner, token, attempt, expiry(row.nowMicros(), ttlMicros));
		return new AcquireResult.Acquired(token);
	}

	private void write(String statement, String key, String owner, long token, long attempt, @Nullable Long expires) {
		this.jdbc.sql(statement)
			.param("key", key)
			.param("owner", owner)
			.param("token", token)
			.param("attempt", attempt)
			.param("expires", expires, Types.BIGINT)
			.update();
	}

	@Override
	public boolean undoAcquire(String key, String owner, long attempt) {
		boolean undone = changed(this.jdbc.sql(this.sql.undo)
			.param("key", key)
			.param("owner", owner)
			.param("attempt", attempt), key);
		if (undone) {
			released(key);
		}
		return undone;
	}

	@Override
	public UpdateResult release(String key, String owner, long token) {
		boolean released = changed(this.jdbc.sql(this.sql.release)
			.param("key", key)
			.param("owner", owner)
			.param("token", token), key);
		if (released) {
			released(key);
			return UpdateResult.UPDATED;
		}
		this.localHolds.remove(key);
		return classify(key, owner, token, false);
	}

	@Override
	public UpdateResult releaseAfter(String key, String owner, long token, Duration remaining) {
		long remainingMicros = micros(remaining);
		int updated = outsideCallersTransaction(() -> this.jdbc.sql(this.sql.releaseAfter)
			.param("key", key)
			.param("owner", owner)
			.param("token", token)
			.param("remaining", remainingMicros)
			.update());
		if (updated > 0) {
			heldHere(key, remainingMicros);
			return UpdateResult.UPDATED;
		}
		return classify(key, owner, token, false);
	}

	@Override
	public boolean forceRelease(String key) {
		boolean released = changed(this.jdbc.sql(this.sql.forceRelease).param("key", key), key);
		if (released) {
			released(key);
		}
		return released;
	}

	@Override
	public UpdateResult refresh(String key, String owner, long token, Duration ttl) {
		int updated = outsideCallersTransaction(() -> this.jdbc.sql(this.sql.refresh)
			.param("key", key)
			.param("owner", owner)
			.param("token", token)
			.param("ttl", micros(ttl))
			.update());
		return (updated > 0) ? UpdateResult.UPDATED : classify(key, owner, token, true);
	}

	@Override
	public List<UpdateResult> refreshAll(List<Refresh> refreshes) {
		if (this.dialect != JdbcDialect.POSTGRESQL || refreshes.size() < 2) {
			// MariaDB's driver may answer a batch without counts: one statement each is what can be trusted there.
			return LockAdapter.super.refreshAll(refreshes);
		}
		MapSqlParameterSource[] parameters = refreshes.stream()
			.map((refresh) -> new MapSqlParameterSource().addValue("key", refresh.key())
				.addValue("owner", refresh.owner())
				.addValue("token", refresh.token())
				.addValue("ttl", micros(refresh.ttl())))
			.toArray(MapSqlParameterSource[]::new);
		int[] counts = outsideCallersTransaction(() -> this.batch.batchUpdate(this.sql.refresh, parameters));
		List<UpdateResult> results = new ArrayList<>(refreshes.size());
		for (int i = 0; i < refreshes.size(); i++) {
			Refresh refresh = refreshes.get(i);
			results.add((counts[i] > 0) ? UpdateResult.UPDATED
					: classify(refresh.key(), refresh.owner(), refresh.token(), true));
		}
		return results;
	}

	@Override
	public Optional<LockHolder> state(String key) {
		return holder(key);
	}

	@Override
	public ReleaseWatch watchReleases(String key) {
		ReleaseWatch local = this.signals.watch(key);
		return (this.listener != null) ? new ContendedWatch(key, local) : local;
	}

	/** Stops the listening connection, if any. The {@code DataSource} stays the caller's. */
	@Override
	public void close() {
		PostgresReleaseListener current = this.listener;
		if (current != null) {
			current.close();
		}
	}

	private Optional<LockHolder> holder(String key) {
		return outsideCallersTransaction(() -> this.jdbc.sql(this.sql.holder)
			.param("key", key)
			.query((rs, rowNum) -> new LockHolder(rs.getString("owner"), rs.getLong("token"),
					remaining(nullableLong(rs, "remaining_us"), Duration.of(1, ChronoUnit.MICROS))))
			.optional());
	}

	// What an owner-checked change that changed nothing found; read after the change, which decided on its own.
	private UpdateResult classify(String key, String owner, long token, boolean refresh) {
		Optional<LockHolder> holder = holder(key);
		if (holder.isEmpty()) {
			return UpdateResult.NOT_HELD;
		}
		LockHolder live = holder.get();
		boolean same = live.owner().equals(owner) && (token == ANY_TOKEN || token == live.token());
		return (refresh && same && live.remainingTime() == null) ? UpdateResult.NEVER_EXPIRES
				: UpdateResult.HELD_BY_OTHER;
	}

	private boolean changed(JdbcClient.StatementSpec statement, String key) {
		if (!this.sql.announces()) {
			return outsideCallersTransaction(() -> statement.update() > 0);
		}
		List<Boolean> contended = outsideCallersTransaction(() -> statement.query(Boolean.class).list());
		if (contended.isEmpty()) {
			return false;
		}
		if (Boolean.TRUE.equals(contended.get(0))) {
			announce(key);
		}
		return true;
	}

	// A statement of its own, after the release committed: it writes nothing, so holding PostgreSQL's notification
	// lock through its commit costs no WAL flush. A failure loses only the wake-up: waiters poll.
	private void announce(String key) {
		try {
			outsideCallersTransaction(() -> this.jdbc.sql(this.sql.notify)
				.param("channel", this.settings.notificationChannel())
				.param("payload", this.instanceId + ":" + key)
				.query(Integer.class)
				.list());
		}
		catch (DataAccessException | TransactionException ex) {
			logger.debug("Failed to announce a release on channel '{}'", this.settings.notificationChannel(), ex);
		}
	}

	// Run in a caller's Spring transaction, a statement's connection would stay bound to it until it ends: a second
	// connection held by the thread for all the caller's work. A transaction of its own gives it back at once.
	// Never used inside the acquire's own transaction, whose statements must share its connection.
	private <T> T outsideCallersTransaction(Supplier<T> statement) {
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			return statement.get();
		}
		@Nullable T result = this.transactions.execute((status) -> statement.get());
		if (result == null) {
			throw new IllegalStateException("A lock statement returned nothing");
		}
		return result;
	}

	private void released(String key) {
		this.localHolds.remove(key);
		this.signals.signal(key);
		cleanUpNow();
	}

	// Only with a listener: a waiter need not ask for an announcement of a release that this adapter makes itself.
	private void heldHere(String key, @Nullable Long remainingMicros) {
		if (this.listener == null) {
			return;
		}
		long now = System.nanoTime();
		long until = (remainingMicros != null) ? now + remainingMicros * 1000 : Long.MAX_VALUE;
		if (this.localHolds.size() >= MAX_LOCAL_HOLDS) {
			// Holds never released here (expired, released by another process) are only a hint: drop the stale.
			this.localHolds.values().removeIf((end) -> end - now <= 0);
			if (this.localHolds.size() >= MAX_LOCAL_HOLDS) {
				return;
			}
		}
		this.localHolds.put(key, until);
	}

	private boolean isHeldHere(String key) {
		Long until = this.localHolds.get(key);
		return until != null && until - System.nanoTime() > 0;
	}

	private void onNotification(String payload) {
		int separator = payload.indexOf(':');
		if (separator < 0) {
			return;
		}
		if (!payload.regionMatches(0, this.instanceId, 0, separator) || separator != this.instanceId.length()) {
			this.signals.signal(payload.substring(separator + 1));
		}
	}

	// At most one clean-up a minute per adapter, on the thread of a release that is done already.
	private void cleanUpNow() {
		long now = System.nanoTime();
		long next = this.nextCleanup.get();
		if (now - next < 0 || !this.nextCleanup.compareAndSet(next, now + this.cleanupIntervalNanos)) {
			return;
		}
		try {
			int deleted = outsideCallersTransaction(() -> this.jdbc.sql(this.sql.cleanUp)
				.param("keep", micros(this.settings.cleanupAfter()))
				.update());
			if (deleted > 0) {
				logger.debug("Deleted {} rows free for longer than {} from {}", deleted, this.settings.cleanupAfter(),
						this.settings.tableName());
			}
		}
		catch (DataAccessException | TransactionException ex) {
			// The release it follows succeeded; stale rows wait for the next clean-up.
			logger.debug("Failed to delete stale rows from {}", this.settings.tableName(), ex);
		}
	}

	private static @Nullable Long expiry(long now, @Nullable Long ttlMicros) {
		return (ttlMicros != null) ? now + ttlMicros : null;
	}

	static long micros(Duration duration) {
		long micros = duration.toNanos() / 1000;
		return Math.max(micros, 1);
	}

	static @Nullable Duration remaining(@Nullable Long micros, Duration atLeast) {
		if (micros == null) {
			return null;
		}
		Duration remaining = Duration.of(micros, ChronoUnit.MICROS);
		return (remaining.compareTo(atLeast) < 0) ? atLeast : remaining;
	}

	static @Nullable Long nullableLong(java.sql.ResultSet rs, String column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	static boolean isRetriable(DataAccessException ex) {
		if (ex instanceof DuplicateKeyException) {
			return true;
		}
		// Only a deadlock or serialization failure (SQLSTATE 40001): a lock wait timeout is not tried again.
		Throwable cause = ex.getMostSpecificCause();
		return cause instanceof SQLException sql && "40001".equals(sql.getSQLState());
	}

	static boolean isMissingTable(DataAccessException ex) {
		Throwable cause = ex.getMostSpecificCause();
		if (!(cause instanceof SQLException sql) || sql.getSQLState() == null) {
			return false;
		}
		String state = sql.getSQLState();
		// 42P01 PostgreSQL undefined table, 42S02 MariaDB/MySQL/H2 table not found, 42S04 H2 table not found in an
		// empty database, 42703/42S22 undefined column.
		return state.equals("42P01") || state.equals("42S02") || state.equals("42S04") || state.equals("42703")
				|| state.equals("42S22");
	}

	// Marks the hold as contended before each sleep, so that the holder's release is announced to other processes;
	// an uncontended release announces nothing.
	private final class ContendedWatch implements ReleaseWatch {

		private final String key;

		private final ReleaseWatch local;

		ContendedWatch(String key, ReleaseWatch local) {
			this.key = key;
			this.local = local;
		}

		@Override
		public boolean await(Duration timeout) throws InterruptedException {
			// A hold of this adapter's wakes this JVM's waiters when released here: no mark, no NOTIFY needed.
			if (!isHeldHere(this.key) && !markContended(this.key)) {
				// Released since the failed attempt: try again now rather than wait for a message that was never sent.
				return true;
			}
			return this.local.await(timeout);
		}

		@Override
		public void close() {
			this.local.close();
		}

	}

	// Whether the key is still held (so a wake-up will come); a failure to mark counts as held: waiters then poll.
	private boolean markContended(String key) {
		try {
			Boolean live = outsideCallersTransaction(() -> this.jdbc.sql(this.sql.markContended)
				.param("key", key)
				.query((rs, rowNum) -> {
					boolean value = rs.getBoolean("live");
					return !rs.wasNull() && value;
				})
				.single());
			return Boolean.TRUE.equals(live);
		}
		catch (DataAccessException | TransactionException ex) {
			logger.debug("Failed to mark a lock as waited for", ex);
			return true;
		}
	}

	private record AcquireRow(boolean mine, long token, long attempt, @Nullable Long remainingMicros) {
	}

	private record LockedRow(String owner, long token, @Nullable Long expiresMicros, long nowMicros) {
	}

}
