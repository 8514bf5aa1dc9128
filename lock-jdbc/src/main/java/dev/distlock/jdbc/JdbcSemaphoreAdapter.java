package dev.distlock.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LimitMismatchException;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.ReleaseSignals;
import dev.distlock.adapter.ReleaseWatch;
import dev.distlock.adapter.SemaphoreAdapter;
import dev.distlock.adapter.SemaphoreHolders;
import dev.distlock.adapter.UpdateResult;

/**
 * A {@link SemaphoreAdapter} on a relational database: PostgreSQL, MariaDB/MySQL or H2, through Spring's
 * {@code JdbcClient}, with the settings, dialects and connection handling of {@link JdbcLockAdapter}.
 *
 * <p>Two tables beside the lock table, created by the same schema script ({@link JdbcDialect#schemaLocation()}):
 * {@code <table>_sem}, one row per key with the limit its live slots were taken under and its last fencing token,
 * and {@code <table>_sem_slots}, one row per slot. Every acquire and every release of all slots is one short
 * transaction of its own, on a connection of its own, that first locks the key's row ({@code SELECT … FOR UPDATE},
 * the row inserted first if the key has none; on H2 a lost insert race is tried again): it serializes the key's
 * operations across processes, deletes the key's expired slots, then decides by the slots that are left. Release,
 * undo and refresh of one slot are single owner- and token-checked statements. Expiry is the database's clock only,
 * in microseconds, read once per transaction.
 *
 * <p>A slot's fencing token is the greater of the key's last token plus one and the database's clock in
 * microseconds. A released slot's row is deleted at once; the key row stays, so tokens keep increasing, until it
 * has been idle (no slot) for {@link JdbcLockAdapterSettings#cleanupAfter()}. Expired slots are deleted by the
 * key's next acquire, and, with idle key rows, by a clean-up of at most a hundred rows a table, at most once a
 * minute, after an operation of this adapter.
 *
 * <p>Wake-ups: a slot freed through this adapter wakes one of this JVM's waiters at once; waiters in other
 * processes poll.
 *
 * @since 0.1.0
 */
public final class JdbcSemaphoreAdapter implements SemaphoreAdapter {

	private final JdbcLeaseSupport support;

	private final ReleaseSignals signals = new ReleaseSignals();

	private final String keys;

	private final String slots;

	private final String lockKey;

	private final String insertKey;

	private final String purge;

	private final String selectSlots;

	private final String adopt;

	private final String grantKey;

	private final String insertSlot;

	private final String release;

	private final String undo;

	private final String releaseAfter;

	private final String refresh;

	private final String removeAll;

	private final String holders;

	private final String ownSlot;

	private final List<String> cleanUps;

	/**
	 * Creates an adapter with the {@linkplain JdbcLockAdapterSettings#defaults() default settings}, detecting the
	 * dialect from the database.
	 * @param dataSource the database; the adapter never closes it
	 */
	public JdbcSemaphoreAdapter(DataSource dataSource) {
		this(dataSource, JdbcLockAdapterSettings.defaults());
	}

	/**
	 * Creates an adapter on the tables named after {@link JdbcLockAdapterSettings#tableName()}. The notification
	 * setting is not used: waiters in other processes poll.
	 * @param dataSource the database; the adapter never closes it
	 * @param settings the table, timeout, dialect and clean-up settings
	 * @throws IllegalArgumentException if an argument is {@code null}, the table name leaves no room for the
	 * suffixes, or the database is not a supported one
	 * @throws IllegalStateException if the dialect must be detected and the database cannot be reached
	 */
	public JdbcSemaphoreAdapter(DataSource dataSource, JdbcLockAdapterSettings settings) {
		this.support = new JdbcLeaseSupport(dataSource, settings);
		JdbcLeaseSupport s = this.support;
		this.keys = s.table("_sem");
		this.slots = s.table("_sem_slots");
		String live = "(expires_at_us IS NULL OR expires_at_us > " + s.now + ")";
		this.lockKey = "SELECT slot_limit, last_token, " + s.now + " AS now_us FROM " + this.keys
				+ " WHERE sem_key = :key FOR UPDATE";
		this.insertKey = s.insertKeyRow(this.keys, "sem_key", "sem_key, slot_limit, last_token, touched_at_us",
				":key, 0, 0, " + s.now);
		this.purge = "DELETE FROM " + this.slots + " WHERE slot_key = :key AND expires_at_us <= :now";
		this.selectSlots = "SELECT owner, token, attempt, expires_at_us FROM " + this.slots + " WHERE slot_key = :key";
		this.adopt = "UPDATE " + this.slots + " SET attempt = 0 WHERE slot_key = :key AND owner = :owner";
		this.grantKey = "UPDATE " + this.keys + " SET slot_limit = :limit, last_token = :token, touched_at_us = :now "
				+ "WHERE sem_key = :key";
		this.insertSlot = "INSERT INTO " + this.slots + " (slot_key, owner, token, attempt, expires_at_us) "
				+ "VALUES (:key, :owner, :token, :attempt, :expires)";
		String held = " WHERE slot_key = :key AND owner = :owner AND (token = :token OR :token = 0)";
		this.release = "DELETE FROM " + this.slots + held + " AND " + live;
		this.undo = "DELETE FROM " + this.slots + " WHERE slot_key = :key AND owner = :owner AND attempt = :attempt "
				+ "AND " + live;
		this.releaseAfter = "UPDATE " + this.slots + " SET expires_at_us = " + s.now + " + :remaining" + held + " AND "
				+ live;
		this.refresh = "UPDATE " + this.slots + " SET expires_at_us = " + s.now + " + :ttl" + held
				+ " AND expires_at_us > " + s.now;
		this.removeAll = "DELETE FROM " + this.slots + " WHERE slot_key = :key";
		this.holders = "SELECT k.slot_limit, s.owner, s.token, s.expires_at_us - " + s.now + " AS remaining_us FROM "
				+ this.slots + " s JOIN " + this.keys + " k ON k.sem_key = s.slot_key WHERE s.slot_key = :key AND "
				+ "(s.expires_at_us IS NULL OR s.expires_at_us > " + s.now + ")";
		this.ownSlot = "SELECT owner, token, expires_at_us - " + s.now + " AS remaining_us FROM " + this.slots
				+ " WHERE slot_key = :key AND owner = :owner AND " + live;
		// Expired slots of keys nobody acquires any more, then key rows idle for cleanupAfter. A key row is touched
		// by every grant, and that is checked again on the row a concurrent grant changed: a key row with a slot is
		// never deleted.
		this.cleanUps = List.of(
				s.cleanUp(this.slots, "slot_key, owner", "expires_at_us <= " + s.nowOnce()),
				s.cleanUp(this.keys, "sem_key", "touched_at_us < " + s.nowOnce() + " - :keep AND NOT EXISTS (SELECT 1 FROM "
						+ this.slots + " WHERE slot_key = sem_key)"));
	}

	/**
	 * The database's dialect, as configured or detected.
	 * @return the dialect
	 */
	public JdbcDialect getDialect() {
		return this.support.dialect;
	}

	/**
	 * The settings this adapter was created with.
	 * @return the settings
	 */
	public JdbcLockAdapterSettings getSettings() {
		return this.support.settings;
	}

	/**
	 * The tables this adapter uses, named after the lock table.
	 * @return the key table ({@code <table>_sem}) and the slot table ({@code <table>_sem_slots})
	 */
	public List<String> getTableNames() {
		return List.of(this.keys, this.slots);
	}

	/**
	 * Checks that the adapter's tables exist with the columns it uses.
	 * @throws MissingLockTableException if one does not, naming it and the script that creates it
	 * @throws DataAccessException if the database cannot be reached
	 */
	public void checkSchema() {
		this.support.checkTables(List.of(
				new String[] { this.keys,
						"SELECT sem_key, slot_limit, last_token, touched_at_us FROM " + this.keys + " WHERE 1 = 0" },
				new String[] { this.slots, "SELECT slot_key, owner, token, attempt, expires_at_us FROM " + this.slots
						+ " WHERE 1 = 0" }));
	}

	@Override
	public void checkStorable(String key, String owner) {
		JdbcLockAdapter.checkStorable("key", key, true);
		JdbcLockAdapter.checkStorable("owner", owner, false);
	}

	@Override
	public AcquireResult acquire(String key, int limit, String owner, @Nullable Duration ttl, long attempt) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, was " + limit);
		}
		AcquireResult result = this.support.inTransaction(() -> acquireLocked(key, limit, owner, ttl, attempt));
		this.support.cleanUpNow(this.cleanUps);
		return result;
	}

	private AcquireResult acquireLocked(String key, int limit, String owner, @Nullable Duration ttl, long attempt) {
		KeyRow row = lockKey(key, true);
		if (row == null) {
			throw new IllegalStateException("The key row was inserted and is gone");
		}
		this.support.jdbc.sql(this.purge).param("key", key).param("now", row.nowMicros()).update();
		List<Slot> live = this.support.jdbc.sql(this.selectSlots)
			.param("key", key)
			.query((rs, rowNum) -> new Slot(rs.getString("owner"), rs.getLong("token"), rs.getLong("attempt"),
					JdbcLockAdapter.nullableLong(rs, "expires_at_us")))
			.list();
		// The limit first: also an owner holding a slot is told when it asks under another limit.
		if (!live.isEmpty() && row.limit() != limit) {
			throw new LimitMismatchException(row.limit());
		}
		for (Slot slot : live) {
			if (slot.owner().equals(owner)) {
				if (slot.attempt() != 0) {
					this.support.jdbc.sql(this.adopt).param("key", key).param("owner", owner).update();
				}
				return new AcquireResult.AlreadyHeld(slot.token(), slot.remaining(row.nowMicros()));
			}
		}
		if (live.size() >= limit) {
			return new AcquireResult.Unavailable(soonestEnd(live, row.nowMicros()));
		}
		long token = Math.max(row.lastToken() + 1, row.nowMicros());
		this.support.jdbc.sql(this.grantKey)
			.param("key", key)
			.param("limit", limit)
			.param("token", token)
			.param("now", row.nowMicros())
			.update();
		this.support.jdbc.sql(this.insertSlot)
			.param("key", key)
			.param("owner", owner)
			.param("token", token)
			.param("attempt", attempt)
			.param("expires", JdbcLeaseSupport.expiry(row.nowMicros(), ttl), Types.BIGINT)
			.update();
		return new AcquireResult.Acquired(token);
	}

	// The key's row, locked until the transaction ends; inserted first if the key has none and insert is set.
	private @Nullable KeyRow lockKey(String key, boolean insert) {
		List<KeyRow> rows = selectKey(key);
		if (rows.isEmpty()) {
			if (!insert) {
				return null;
			}
			// On H2 a concurrent insert makes this fail with a duplicate key: the transaction is then tried again.
			this.support.jdbc.sql(this.insertKey).param("key", key).update();
			rows = selectKey(key);
		}
		return rows.isEmpty() ? null : rows.get(0);
	}

	private List<KeyRow> selectKey(String key) {
		return this.support.jdbc.sql(this.lockKey)
			.param("key", key)
			.query((rs, rowNum) -> new KeyRow(rs.getInt("slot_limit"), rs.getLong("last_token"), rs.getLong("now_us")))
			.list();
	}

	@Override
	public boolean undoAcquire(String key, String owner, long attempt) {
		boolean undone = this.support.statement(() -> this.support.jdbc.sql(this.undo)
			.param("key", key)
			.param("owner", owner)
			.param("attempt", attempt)
			.update()) > 0;
		if (undone) {
			freed(key, 1);
		}
		return undone;
	}

	@Override
	public UpdateResult release(String key, String owner, long token) {
		int deleted = this.support.statement(() -> this.support.jdbc.sql(this.release)
			.param("key", key)
			.param("owner", owner)
			.param("token", token)
			.update());
		if (deleted > 0) {
			freed(key, 1);
			return UpdateResult.UPDATED;
		}
		this.support.cleanUpNow(this.cleanUps);
		return classify(key, owner, token, false);
	}

	@Override
	public UpdateResult releaseAfter(String key, String owner, long token, Duration remaining) {
		int updated = this.support.statement(() -> this.support.jdbc.sql(this.releaseAfter)
			.param("key", key)
			.param("owner", owner)
			.param("token", token)
			.param("remaining", JdbcLeaseSupport.micros(remaining))
			.update());
		return (updated > 0) ? UpdateResult.UPDATED : classify(key, owner, token, false);
	}

	@Override
	public UpdateResult refresh(String key, String owner, long token, Duration ttl) {
		int updated = this.support.statement(() -> this.support.jdbc.sql(this.refresh)
			.param("key", key)
			.param("owner", owner)
			.param("token", token)
			.param("ttl", JdbcLeaseSupport.micros(ttl))
			.update());
		return (updated > 0) ? UpdateResult.UPDATED : classify(key, owner, token, true);
	}

	@Override
	public int forceReleaseAll(String key) {
		int freed = this.support.inTransaction(() -> {
			KeyRow row = lockKey(key, false);
			if (row == null) {
				return 0;
			}
			this.support.jdbc.sql(this.purge).param("key", key).param("now", row.nowMicros()).update();
			return this.support.jdbc.sql(this.removeAll).param("key", key).update();
		});
		freed(key, freed);
		return freed;
	}

	@Override
	public SemaphoreHolders holders(String key) {
		List<HeldSlot> held = this.support.statement(() -> this.support.jdbc.sql(this.holders)
			.param("key", key)
			.query((rs, rowNum) -> new HeldSlot(rs.getInt("slot_limit"), holder(rs)))
			.list());
		if (held.isEmpty()) {
			return SemaphoreHolders.none();
		}
		List<LockHolder> holders = new ArrayList<>(held.size());
		for (HeldSlot slot : held) {
			holders.add(slot.holder());
		}
		return new SemaphoreHolders(held.get(0).limit(), holders);
	}

	@Override
	public ReleaseWatch watchReleases(String key) {
		return this.signals.watch(key);
	}

	// What an owner-checked change that changed nothing found; read after the change, which decided on its own.
	private UpdateResult classify(String key, String owner, long token, boolean refresh) {
		List<LockHolder> own = this.support.statement(() -> this.support.jdbc.sql(this.ownSlot)
			.param("key", key)
			.param("owner", owner)
			.query((rs, rowNum) -> holder(rs))
			.list());
		if (own.isEmpty()) {
			return UpdateResult.NOT_HELD;
		}
		LockHolder slot = own.get(0);
		if (token != LockAdapter.ANY_TOKEN && slot.token() != token) {
			return UpdateResult.HELD_BY_OTHER;
		}
		return (refresh && slot.remainingTime() == null) ? UpdateResult.NEVER_EXPIRES : UpdateResult.HELD_BY_OTHER;
	}

	private void freed(String key, int count) {
		for (int i = 0; i < count; i++) {
			this.signals.signal(key);
		}
		this.support.cleanUpNow(this.cleanUps);
	}

	private static LockHolder holder(ResultSet rs) throws SQLException {
		return new LockHolder(rs.getString("owner"), rs.getLong("token"),
				JdbcLeaseSupport.remaining(JdbcLockAdapter.nullableLong(rs, "remaining_us")));
	}

	// A waiter retries no later than when the soonest slot ends; slots without expiry give no such time.
	private static @Nullable Duration soonestEnd(List<Slot> slots, long nowMicros) {
		Duration soonest = null;
		for (Slot slot : slots) {
			Duration remaining = slot.remaining(nowMicros);
			if (remaining != null && (soonest == null || remaining.compareTo(soonest) < 0)) {
				soonest = remaining;
			}
		}
		return soonest;
	}

	private record KeyRow(int limit, long lastToken, long nowMicros) {
	}

	private record Slot(String owner, long token, long attempt, @Nullable Long expiresMicros) {

		@Nullable Duration remaining(long nowMicros) {
			return (this.expiresMicros != null) ? JdbcLeaseSupport.remaining(this.expiresMicros - nowMicros) : null;
		}

	}

	private record HeldSlot(int limit, LockHolder holder) {
	}

}
