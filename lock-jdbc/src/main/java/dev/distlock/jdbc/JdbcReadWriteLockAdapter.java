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

import dev.distlock.LockMode;
import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.ReadWriteHolders;
import dev.distlock.adapter.ReadWriteLockAdapter;
import dev.distlock.adapter.ReleaseSignals;
import dev.distlock.adapter.ReleaseWatch;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.adapter.UpgradeRefusedException;

/**
 * A {@link ReadWriteLockAdapter} on a relational database: PostgreSQL, MariaDB/MySQL or H2, through Spring's
 * {@code JdbcClient}, with the settings, dialects and connection handling of {@link JdbcLockAdapter}, and the rules
 * of the SPI: writer preference through intents to write, an upgrade refused ({@link UpgradeRefusedException}), a
 * downgrade allowed.
 *
 * <p>Three tables beside the lock table, created by the same schema script ({@link JdbcDialect#schemaLocation()}):
 * {@code <table>_rw}, one row per key with its last fencing token; {@code <table>_rw_holds}, one row per read or
 * write hold; {@code <table>_rw_intents}, one row per owner waiting to write, with the end of its wait. Every
 * acquire and every release of all holds is one short transaction of its own, on a connection of its own, that
 * first locks the key's row ({@code SELECT … FOR UPDATE}, the row inserted first if the key has none; on H2 a lost
 * insert race is tried again): it serializes the key's operations across processes, deletes the key's expired holds and
 * intents, then decides by what is left. Release, undo, refresh and leaving the queue are single owner-checked
 * statements. Expiry is the database's clock only, in microseconds, read once per transaction.
 *
 * <p>Both modes share the key's one sequence of fencing tokens: the greater of the key's last token plus one and the
 * database's clock in microseconds. Released holds are deleted at once; the key row stays, so tokens keep
 * increasing, until it has been idle (no hold, no intent) for {@link JdbcLockAdapterSettings#cleanupAfter()}.
 * Expired holds and intents are deleted by the key's next acquire, and, with idle key rows, by a clean-up of at most
 * a hundred rows a table, at most once a minute, after an operation of this adapter.
 *
 * <p>Wake-ups: a hold released through this adapter wakes all of this JVM's waiters of the key at once; waiters in
 * other processes poll.
 *
 * @since 0.1.0
 */
public final class JdbcReadWriteLockAdapter implements ReadWriteLockAdapter {

	private static final String READ = "R";

	private static final String WRITE = "W";

	private final JdbcLeaseSupport support;

	private final ReleaseSignals signals = new ReleaseSignals();

	private final String keys;

	private final String holds;

	private final String intents;

	private final String lockKey;

	private final String insertKey;

	private final String purgeHolds;

	private final String purgeIntents;

	private final String selectHolds;

	private final String selectIntents;

	private final String adopt;

	private final String grantKey;

	private final String insertHold;

	private final String insertIntent;

	private final String updateIntent;

	private final String withdraw;

	private final String release;

	private final String undo;

	private final String releaseAfter;

	private final String refresh;

	private final String removeAll;

	private final String removeIntents;

	private final String holders;

	private final String ownHold;

	private final List<String> cleanUps;

	/**
	 * Creates an adapter with the {@linkplain JdbcLockAdapterSettings#defaults() default settings}, detecting the
	 * dialect from the database.
	 * @param dataSource the database; the adapter never closes it
	 */
	public JdbcReadWriteLockAdapter(DataSource dataSource) {
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
	public JdbcReadWriteLockAdapter(DataSource dataSource, JdbcLockAdapterSettings settings) {
		this.support = new JdbcLeaseSupport(dataSource, settings);
		JdbcLeaseSupport s = this.support;
		this.keys = s.table("_rw");
		this.holds = s.table("_rw_holds");
		this.intents = s.table("_rw_intents");
		String live = "(expires_at_us IS NULL OR expires_at_us > " + s.now + ")";
		this.lockKey = "SELECT last_token, " + s.now + " AS now_us FROM " + this.keys + " WHERE rw_key = :key FOR UPDATE";
		this.insertKey = s.insertKeyRow(this.keys, "rw_key", "rw_key, last_token, touched_at_us", ":key, 0, " + s.now);
		this.purgeHolds = "DELETE FROM " + this.holds + " WHERE hold_key = :key AND expires_at_us <= :now";
		this.purgeIntents = "DELETE FROM " + this.intents + " WHERE intent_key = :key AND expires_at_us <= :now";
		this.selectHolds = "SELECT lock_mode, owner, token, attempt, expires_at_us FROM " + this.holds
				+ " WHERE hold_key = :key";
		this.selectIntents = "SELECT owner, expires_at_us FROM " + this.intents + " WHERE intent_key = :key";
		this.adopt = "UPDATE " + this.holds + " SET attempt = 0 WHERE hold_key = :key AND lock_mode = :mode "
				+ "AND owner = :owner";
		this.grantKey = "UPDATE " + this.keys + " SET last_token = :token, touched_at_us = :now WHERE rw_key = :key";
		this.insertHold = "INSERT INTO " + this.holds + " (hold_key, lock_mode, owner, token, attempt, expires_at_us) "
				+ "VALUES (:key, :mode, :owner, :token, :attempt, :expires)";
		this.insertIntent = "INSERT INTO " + this.intents + " (intent_key, owner, expires_at_us) "
				+ "VALUES (:key, :owner, :until)";
		this.updateIntent = "UPDATE " + this.intents + " SET expires_at_us = :until WHERE intent_key = :key "
				+ "AND owner = :owner";
		this.withdraw = "DELETE FROM " + this.intents + " WHERE intent_key = :key AND owner = :owner";
		String held = " WHERE hold_key = :key AND lock_mode = :mode AND owner = :owner AND (token = :token OR :token = 0)";
		this.release = "DELETE FROM " + this.holds + held + " AND " + live;
		this.undo = "DELETE FROM " + this.holds + " WHERE hold_key = :key AND lock_mode = :mode AND owner = :owner "
				+ "AND attempt = :attempt AND " + live;
		this.releaseAfter = "UPDATE " + this.holds + " SET expires_at_us = " + s.now + " + :remaining" + held + " AND "
				+ live;
		this.refresh = "UPDATE " + this.holds + " SET expires_at_us = " + s.now + " + :ttl" + held
				+ " AND expires_at_us > " + s.now;
		this.removeAll = "DELETE FROM " + this.holds + " WHERE hold_key = :key";
		this.removeIntents = "DELETE FROM " + this.intents + " WHERE intent_key = :key";
		// One statement, so one snapshot: the holds and the intents as they were at one moment.
		this.holders = "SELECT lock_mode, owner, token, expires_at_us - " + s.now + " AS remaining_us FROM "
				+ this.holds + " WHERE hold_key = :key AND " + live + " UNION ALL SELECT 'I', owner, 0, expires_at_us - "
				+ s.now + " FROM " + this.intents + " WHERE intent_key = :key AND expires_at_us > " + s.now;
		this.ownHold = "SELECT owner, token, expires_at_us - " + s.now + " AS remaining_us FROM " + this.holds
				+ " WHERE hold_key = :key AND lock_mode = :mode AND owner = :owner AND " + live;
		// Expired holds and intents of keys nobody acquires any more, then key rows idle for cleanupAfter. A key row
		// is touched by every grant, and that is checked again on the row a concurrent grant changed.
		this.cleanUps = List.of(
				s.cleanUp(this.holds, "hold_key, lock_mode, owner", "expires_at_us <= " + s.nowOnce()),
				s.cleanUp(this.intents, "intent_key, owner", "expires_at_us <= " + s.nowOnce()),
				s.cleanUp(this.keys, "rw_key", "touched_at_us < " + s.nowOnce() + " - :keep AND NOT EXISTS (SELECT 1 FROM "
						+ this.holds + " WHERE hold_key = rw_key) AND NOT EXISTS (SELECT 1 FROM " + this.intents
						+ " WHERE intent_key = rw_key)"));
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
	 * @return the key table ({@code <table>_rw}), the hold table ({@code <table>_rw_holds}) and the intent table
	 * ({@code <table>_rw_intents})
	 */
	public List<String> getTableNames() {
		return List.of(this.keys, this.holds, this.intents);
	}

	/**
	 * Checks that the adapter's tables exist with the columns it uses.
	 * @throws MissingLockTableException if one does not, naming it and the script that creates it
	 * @throws DataAccessException if the database cannot be reached
	 */
	public void checkSchema() {
		this.support.checkTables(List.of(
				new String[] { this.keys, "SELECT rw_key, last_token, touched_at_us FROM " + this.keys + " WHERE 1 = 0" },
				new String[] { this.holds, "SELECT hold_key, lock_mode, owner, token, attempt, expires_at_us FROM "
						+ this.holds + " WHERE 1 = 0" },
				new String[] { this.intents,
						"SELECT intent_key, owner, expires_at_us FROM " + this.intents + " WHERE 1 = 0" }));
	}

	@Override
	public void checkStorable(String key, String owner) {
		JdbcLockAdapter.checkStorable("key", key, true);
		JdbcLockAdapter.checkStorable("owner", owner, false);
	}

	@Override
	public AcquireResult acquire(String key, LockMode mode, String owner, @Nullable Duration ttl, long attempt,
			@Nullable Duration queueFor) {
		AcquireResult result = this.support.inTransaction(() -> acquireLocked(key, mode, owner, ttl, attempt,
				queueFor));
		this.support.cleanUpNow(this.cleanUps);
		return result;
	}

	private AcquireResult acquireLocked(String key, LockMode mode, String owner, @Nullable Duration ttl,
			long attempt, @Nullable Duration queueFor) {
		KeyRow row = lockKey(key, true);
		if (row == null) {
			throw new IllegalStateException("The key row was inserted and is gone");
		}
		long now = row.nowMicros();
		this.support.jdbc.sql(this.purgeHolds).param("key", key).param("now", now).update();
		this.support.jdbc.sql(this.purgeIntents).param("key", key).param("now", now).update();
		List<Hold> live = this.support.jdbc.sql(this.selectHolds)
			.param("key", key)
			.query((rs, rowNum) -> new Hold(rs.getString("lock_mode").trim(), rs.getString("owner"),
					rs.getLong("token"), rs.getLong("attempt"), JdbcLockAdapter.nullableLong(rs, "expires_at_us")))
			.list();
		List<Intent> intending = this.support.jdbc.sql(this.selectIntents)
			.param("key", key)
			.query((rs, rowNum) -> new Intent(rs.getString("owner"), rs.getLong("expires_at_us")))
			.list();
		Hold writer = null;
		Hold ownRead = null;
		List<Hold> readers = new ArrayList<>();
		for (Hold hold : live) {
			if (hold.mode().equals(WRITE)) {
				writer = hold;
			}
			else {
				readers.add(hold);
				if (hold.owner().equals(owner)) {
					ownRead = hold;
				}
			}
		}
		boolean writesItself = writer != null && writer.owner().equals(owner);
		if (mode == LockMode.READ) {
			if (ownRead != null) {
				return adopt(key, ownRead, now);
			}
			if (writer != null && !writesItself) {
				return new AcquireResult.Unavailable(writer.remaining(now));
			}
			if (!writesItself) {
				// Held back by other owners' intents: told to try again no later than when the last of them ends.
				long lastEnd = Long.MIN_VALUE;
				for (Intent intent : intending) {
					if (!intent.owner().equals(owner)) {
						lastEnd = Math.max(lastEnd, intent.expiresMicros());
					}
				}
				if (lastEnd != Long.MIN_VALUE) {
					return new AcquireResult.Unavailable(JdbcLeaseSupport.remaining(lastEnd - now));
				}
			}
			return grant(key, READ, owner, ttl, attempt, row);
		}
		boolean intends = intending.stream().anyMatch((intent) -> intent.owner().equals(owner));
		if (writer != null && writesItself) {
			withdraw(key, owner, intends);
			return adopt(key, writer, now);
		}
		if (ownRead != null) {
			// An upgrade would wait for itself: refused, nothing changed, no intent recorded.
			throw new UpgradeRefusedException();
		}
		List<Hold> blockers = new ArrayList<>(readers);
		if (writer != null) {
			blockers.add(writer);
		}
		if (!blockers.isEmpty()) {
			if (queueFor != null) {
				this.support.jdbc.sql(intends ? this.updateIntent : this.insertIntent)
					.param("key", key)
					.param("owner", owner)
					.param("until", now + JdbcLeaseSupport.micros(queueFor))
					.update();
			}
			return new AcquireResult.Unavailable(latestEnd(blockers, now));
		}
		withdraw(key, owner, intends);
		return grant(key, WRITE, owner, ttl, attempt, row);
	}

	private AcquireResult adopt(String key, Hold hold, long now) {
		if (hold.attempt() != 0) {
			this.support.jdbc.sql(this.adopt)
				.param("key", key)
				.param("mode", hold.mode())
				.param("owner", hold.owner())
				.update();
		}
		return new AcquireResult.AlreadyHeld(hold.token(), hold.remaining(now));
	}

	private AcquireResult grant(String key, String mode, String owner, @Nullable Duration ttl, long attempt,
			KeyRow row) {
		long token = Math.max(row.lastToken() + 1, row.nowMicros());
		this.support.jdbc.sql(this.grantKey)
			.param("key", key)
			.param("token", token)
			.param("now", row.nowMicros())
			.update();
		this.support.jdbc.sql(this.insertHold)
			.param("key", key)
			.param("mode", mode)
			.param("owner", owner)
			.param("token", token)
			.param("attempt", attempt)
			.param("expires", JdbcLeaseSupport.expiry(row.nowMicros(), ttl), Types.BIGINT)
			.update();
		return new AcquireResult.Acquired(token);
	}

	private void withdraw(String key, String owner, boolean intends) {
		if (intends) {
			this.support.jdbc.sql(this.withdraw).param("key", key).param("owner", owner).update();
		}
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
			.query((rs, rowNum) -> new KeyRow(rs.getLong("last_token"), rs.getLong("now_us")))
			.list();
	}

	@Override
	public void leaveQueue(String key, String owner) {
		int withdrawn = this.support.statement(() -> this.support.jdbc.sql(this.withdraw)
			.param("key", key)
			.param("owner", owner)
			.update());
		if (withdrawn > 0) {
			// Readers the intent held back may go in now: wake them as a release would.
			this.signals.signalEvery(key);
		}
	}

	@Override
	public boolean undoAcquire(String key, LockMode mode, String owner, long attempt) {
		boolean undone = this.support.statement(() -> this.support.jdbc.sql(this.undo)
			.param("key", key)
			.param("mode", code(mode))
			.param("owner", owner)
			.param("attempt", attempt)
			.update()) > 0;
		if (undone) {
			freed(key);
		}
		return undone;
	}

	@Override
	public UpdateResult release(String key, LockMode mode, String owner, long token) {
		int deleted = this.support.statement(() -> this.support.jdbc.sql(this.release)
			.param("key", key)
			.param("mode", code(mode))
			.param("owner", owner)
			.param("token", token)
			.update());
		if (deleted > 0) {
			freed(key);
			return UpdateResult.UPDATED;
		}
		this.support.cleanUpNow(this.cleanUps);
		return classify(key, mode, owner, token, false);
	}

	@Override
	public UpdateResult releaseAfter(String key, LockMode mode, String owner, long token, Duration remaining) {
		int updated = this.support.statement(() -> this.support.jdbc.sql(this.releaseAfter)
			.param("key", key)
			.param("mode", code(mode))
			.param("owner", owner)
			.param("token", token)
			.param("remaining", JdbcLeaseSupport.micros(remaining))
			.update());
		return (updated > 0) ? UpdateResult.UPDATED : classify(key, mode, owner, token, false);
	}

	@Override
	public UpdateResult refresh(String key, LockMode mode, String owner, long token, Duration ttl) {
		int updated = this.support.statement(() -> this.support.jdbc.sql(this.refresh)
			.param("key", key)
			.param("mode", code(mode))
			.param("owner", owner)
			.param("token", token)
			.param("ttl", JdbcLeaseSupport.micros(ttl))
			.update());
		return (updated > 0) ? UpdateResult.UPDATED : classify(key, mode, owner, token, true);
	}

	@Override
	public int forceReleaseAll(String key) {
		int freed = this.support.inTransaction(() -> {
			KeyRow row = lockKey(key, false);
			if (row == null) {
				return 0;
			}
			this.support.jdbc.sql(this.purgeHolds).param("key", key).param("now", row.nowMicros()).update();
			// Every intent too, a crashed waiting writer's included: waiting writers record theirs again.
			this.support.jdbc.sql(this.removeIntents).param("key", key).update();
			return this.support.jdbc.sql(this.removeAll).param("key", key).update();
		});
		freed(key);
		return freed;
	}

	@Override
	public ReadWriteHolders holders(String key) {
		List<Held> held = this.support.statement(() -> this.support.jdbc.sql(this.holders)
			.param("key", key)
			.query((rs, rowNum) -> new Held(rs.getString("lock_mode").trim(), holder(rs)))
			.list());
		List<LockHolder> readers = new ArrayList<>();
		LockHolder writer = null;
		int waiting = 0;
		for (Held hold : held) {
			switch (hold.mode()) {
				case READ -> readers.add(hold.holder());
				case WRITE -> writer = hold.holder();
				default -> waiting++;
			}
		}
		return new ReadWriteHolders(readers, writer, waiting);
	}

	@Override
	public ReleaseWatch watchReleases(String key) {
		return this.signals.watch(key);
	}

	// What an owner-checked change that changed nothing found; read after the change, which decided on its own.
	private UpdateResult classify(String key, LockMode mode, String owner, long token, boolean refresh) {
		List<LockHolder> own = this.support.statement(() -> this.support.jdbc.sql(this.ownHold)
			.param("key", key)
			.param("mode", code(mode))
			.param("owner", owner)
			.query((rs, rowNum) -> holder(rs))
			.list());
		if (own.isEmpty()) {
			return UpdateResult.NOT_HELD;
		}
		LockHolder hold = own.get(0);
		if (token != LockAdapter.ANY_TOKEN && hold.token() != token) {
			return UpdateResult.HELD_BY_OTHER;
		}
		return (refresh && hold.remainingTime() == null) ? UpdateResult.NEVER_EXPIRES : UpdateResult.HELD_BY_OTHER;
	}

	// A released hold may let in several waiters at once (all readers): wake every waiter of the key in this JVM.
	private void freed(String key) {
		this.signals.signalEvery(key);
		this.support.cleanUpNow(this.cleanUps);
	}

	private static String code(LockMode mode) {
		return (mode == LockMode.READ) ? READ : WRITE;
	}

	private static LockHolder holder(ResultSet rs) throws SQLException {
		return new LockHolder(rs.getString("owner"), rs.getLong("token"),
				JdbcLeaseSupport.remaining(JdbcLockAdapter.nullableLong(rs, "remaining_us")));
	}

	// A refused writer waits for every blocker: it retries no later than when the last of them ends, if all expire.
	private static @Nullable Duration latestEnd(List<Hold> blockers, long nowMicros) {
		Duration latest = Duration.ZERO;
		for (Hold hold : blockers) {
			Duration remaining = hold.remaining(nowMicros);
			if (remaining == null) {
				return null;
			}
			if (remaining.compareTo(latest) > 0) {
				latest = remaining;
			}
		}
		return latest;
	}

	private record KeyRow(long lastToken, long nowMicros) {
	}

	private record Hold(String mode, String owner, long token, long attempt, @Nullable Long expiresMicros) {

		@Nullable Duration remaining(long nowMicros) {
			return (this.expiresMicros != null) ? JdbcLeaseSupport.remaining(this.expiresMicros - nowMicros) : null;
		}

	}

	private record Held(String mode, LockHolder holder) {
	}

	private record Intent(String owner, long expiresMicros) {
	}

}
