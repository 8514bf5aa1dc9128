package dev.distlock.jdbc;

/**
 * The statements of one dialect on one table. Every comparison with "now" uses the database's clock, in
 * microseconds since the epoch, so that no application clock ever decides whether a lock expired.
 */
final class LockSql {

	final String now;

	final String acquire;

	final String lockRow;

	final String selectNow;

	final String insert;

	final String takeOver;

	final String adopt;

	final String release;

	final String undo;

	final String forceRelease;

	final String releaseAfter;

	final String refresh;

	final String holder;

	final String cleanUp;

	final String checkSchema;

	final String notify;

	final String markContended;

	private LockSql(JdbcDialect dialect, String table, boolean notify) {
		this.now = nowMicros(dialect);
		String live = "(expires_at_us IS NULL OR expires_at_us > " + this.now + ")";
		boolean postgres = dialect == JdbcDialect.POSTGRESQL;
		// PostgreSQL: an owner-checked change that freed the key says whether anyone tried for it meanwhile, so that
		// the adapter announces the release only then; an uncontended release sends no NOTIFY (which would serialize
		// the commits of every transaction that sends one).
		String announce = (postgres && notify) ? " RETURNING contended" : "";
		if (postgres) {
			// One statement. It writes only when it takes the key: an insert, a take-over of an expired hold, or the
			// adoption of the owner's own live hold. A losing attempt only reads (the holder's remaining time), so it
			// needs no transaction id and no WAL flush. The clock is read once (a materialized CTE): clock_timestamp()
			// is volatile, and two readings could disagree on whether the hold is live.
			String liveL = "(l.expires_at_us IS NULL OR l.expires_at_us > c.now_us)";
			this.acquire = "WITH c AS MATERIALIZED (SELECT " + this.now + " AS now_us), "
					+ "cur AS (SELECT token, attempt, expires_at_us FROM " + table + " WHERE lock_key = :key), "
					+ "upd AS (UPDATE " + table + " AS l SET owner = :owner, "
					+ "token = CASE WHEN " + liveL + " THEN l.token ELSE GREATEST(l.token + 1, c.now_us) END, "
					+ "attempt = CASE WHEN " + liveL + " THEN 0 ELSE :attempt END, "
					+ "expires_at_us = CASE WHEN " + liveL + " THEN l.expires_at_us ELSE c.now_us + :ttl END, "
					+ "contended = CASE WHEN " + liveL + " THEN l.contended ELSE FALSE END "
					+ "FROM c WHERE l.lock_key = :key AND (l.owner = :owner OR NOT " + liveL + ") "
					+ "RETURNING l.token, l.attempt, l.expires_at_us - c.now_us AS remaining_us), "
					+ "ins AS (INSERT INTO " + table + " (lock_key, owner, token, attempt, expires_at_us, contended) "
					+ "SELECT :key, :owner, c.now_us, :attempt, c.now_us + :ttl, FALSE FROM c "
					+ "WHERE NOT EXISTS (SELECT 1 FROM cur) ON CONFLICT (lock_key) DO NOTHING "
					+ "RETURNING token, attempt, CAST(:ttl AS BIGINT) AS remaining_us) "
					+ "SELECT TRUE AS mine, token, attempt, remaining_us FROM upd "
					+ "UNION ALL SELECT TRUE, token, attempt, remaining_us FROM ins "
					+ "UNION ALL SELECT FALSE, cur.token, cur.attempt, cur.expires_at_us - c.now_us FROM cur, c "
					+ "WHERE NOT EXISTS (SELECT 1 FROM upd) AND NOT EXISTS (SELECT 1 FROM ins)";
			// A blocking waiter about to sleep marks the live hold, so that its release is announced; it writes only
			// the first time per hold. "live" is true only if the hold is marked now, by this statement or before it:
			// a release that committed while this statement waited for the row marked nothing, sends no NOTIFY, and
			// the waiter must try again at once rather than sleep.
			this.markContended = "WITH c AS MATERIALIZED (SELECT " + this.now + " AS now_us), "
					+ "s AS (SELECT (expires_at_us IS NULL OR expires_at_us > c.now_us) AS live, contended FROM "
					+ table + ", c WHERE lock_key = :key), "
					+ "u AS (UPDATE " + table + " AS l SET contended = TRUE FROM c WHERE l.lock_key = :key "
					+ "AND NOT l.contended AND (l.expires_at_us IS NULL OR l.expires_at_us > c.now_us) RETURNING 1) "
					+ "SELECT ((SELECT count(*) FROM u) > 0 OR COALESCE((SELECT live AND contended FROM s), FALSE)) "
					+ "AS live";
		}
		else {
			this.acquire = "";
			this.markContended = "";
		}
		// The steps of the acquire of dialects without an insert-or-update that reports what it did: one short
		// transaction that locks the row, then decides.
		this.lockRow = "SELECT owner, token, expires_at_us, " + this.now + " AS now_us FROM " + table
				+ " WHERE lock_key = :key FOR UPDATE";
		this.selectNow = "SELECT " + this.now + ((dialect == JdbcDialect.MARIADB) ? " FROM DUAL" : "");
		this.insert = "INSERT INTO " + table + " (lock_key, owner, token, attempt, expires_at_us) "
				+ "VALUES (:key, :owner, :token, :attempt, :expires)";
		this.takeOver = "UPDATE " + table + " SET owner = :owner, token = :token, attempt = :attempt, "
				+ "expires_at_us = :expires WHERE lock_key = :key";
		this.adopt = "UPDATE " + table + " SET attempt = 0 WHERE lock_key = :key";

		String held = " WHERE lock_key = :key AND owner = :owner AND (token = :token OR :token = 0) AND " + live;
		this.release = "UPDATE " + table + " SET expires_at_us = " + this.now + ", attempt = 0" + held + announce;
		this.undo = "UPDATE " + table + " SET expires_at_us = " + this.now + ", attempt = 0"
				+ " WHERE lock_key = :key AND owner = :owner AND attempt = :attempt AND " + live + announce;
		this.forceRelease = "UPDATE " + table + " SET expires_at_us = " + this.now + ", attempt = 0"
				+ " WHERE lock_key = :key AND " + live + announce;
		// A release later frees nothing now, so it announces nothing: a waiter wakes at the hold's end by itself.
		this.releaseAfter = "UPDATE " + table + " SET expires_at_us = " + this.now + " + :remaining, attempt = 0"
				+ held;
		this.refresh = "UPDATE " + table + " SET expires_at_us = " + this.now + " + :ttl"
				+ " WHERE lock_key = :key AND owner = :owner AND (token = :token OR :token = 0)"
				+ " AND expires_at_us > " + this.now;
		this.holder = "SELECT owner, token, expires_at_us - " + this.now + " AS remaining_us FROM " + table
				+ " WHERE lock_key = :key AND " + live;
		// Bounded, through the expiry index: never a scan of the table on the path of a lock operation.
		// On PostgreSQL the cut-off is a sub-select, evaluated once: compared with clock_timestamp() itself, which is
		// volatile, the planner could not use the index and would scan the table.
		String stale = (dialect == JdbcDialect.POSTGRESQL) ? "expires_at_us < (SELECT " + this.now + " - :keep)"
				: "expires_at_us < " + this.now + " - :keep";
		this.cleanUp = switch (dialect) {
			case POSTGRESQL -> "DELETE FROM " + table + " WHERE lock_key IN (SELECT lock_key FROM " + table
					+ " WHERE " + stale + " LIMIT 100 FOR UPDATE SKIP LOCKED) AND " + stale;
			case MARIADB -> "DELETE FROM " + table + " WHERE " + stale + " LIMIT 100";
			case H2 -> "DELETE FROM " + table + " WHERE " + stale + " FETCH FIRST 100 ROWS ONLY";
		};
		this.checkSchema = "SELECT lock_key, owner, token, attempt, expires_at_us" + (postgres ? ", contended" : "")
				+ " FROM " + table + " WHERE 1 = 0";
		this.notify = "SELECT 1 FROM pg_notify(:channel, :payload)";
	}

	// Every expiry of every adapter of the module is this clock: the database's, never the JVM's.
	static String nowMicros(JdbcDialect dialect) {
		return switch (dialect) {
			// clock_timestamp(), not now(): now() is the start of the transaction, which can be long past.
			case POSTGRESQL -> "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)";
			// Arithmetic on UTC_TIMESTAMP(6): no session time zone, no daylight saving gap, microseconds.
			case MARIADB -> "CAST(TIMESTAMPDIFF(MICROSECOND, TIMESTAMP '1970-01-01 00:00:00', UTC_TIMESTAMP(6)) AS SIGNED)";
			case H2 -> "DATEDIFF(MICROSECOND, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00', CURRENT_TIMESTAMP(6))";
		};
	}

	static LockSql of(JdbcDialect dialect, String table, boolean notify) {
		return new LockSql(dialect, table, notify);
	}

	boolean announces() {
		return this.release.endsWith("RETURNING contended");
	}

}
