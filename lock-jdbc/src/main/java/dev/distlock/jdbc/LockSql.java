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

	final String refresh;

	final String holder;

	final String cleanUp;

	final String checkSchema;

	private LockSql(JdbcDialect dialect, String table, boolean notify) {
		this.now = switch (dialect) {
			// clock_timestamp(), not now(): now() is the start of the transaction, which can be long past.
			case POSTGRESQL -> "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000000 AS BIGINT)";
			// Arithmetic on UTC_TIMESTAMP(6): no session time zone, no daylight saving gap, microseconds.
			case MARIADB -> "CAST(TIMESTAMPDIFF(MICROSECOND, TIMESTAMP '1970-01-01 00:00:00', UTC_TIMESTAMP(6)) AS SIGNED)";
			case H2 -> "DATEDIFF(MICROSECOND, TIMESTAMP WITH TIME ZONE '1970-01-01 00:00:00+00', CURRENT_TIMESTAMP(6))";
		};
		String live = "(expires_at_us IS NULL OR expires_at_us > " + this.now + ")";
		String announce = (dialect == JdbcDialect.POSTGRESQL && notify)
				? " RETURNING (SELECT 1 FROM pg_notify(:channel, :payload)) AS released" : "";
		if (dialect == JdbcDialect.POSTGRESQL) {
			String liveL = "(l.expires_at_us IS NULL OR l.expires_at_us > " + this.now + ")";
			// One statement: insert, or take over an expired hold, or adopt the owner's own live hold; if none of
			// these, the holder's remaining time from the same statement.
			this.acquire = "WITH a AS (INSERT INTO " + table + " AS l (lock_key, owner, token, attempt, expires_at_us) "
					+ "VALUES (:key, :owner, " + this.now + ", :attempt, " + this.now + " + :ttl) "
					+ "ON CONFLICT (lock_key) DO UPDATE SET "
					+ "token = CASE WHEN " + liveL + " THEN l.token ELSE GREATEST(l.token + 1, EXCLUDED.token) END, "
					+ "attempt = CASE WHEN " + liveL + " THEN 0 ELSE EXCLUDED.attempt END, "
					+ "expires_at_us = CASE WHEN " + liveL + " THEN l.expires_at_us ELSE EXCLUDED.expires_at_us END, "
					+ "owner = EXCLUDED.owner "
					+ "WHERE l.owner = EXCLUDED.owner OR NOT " + liveL + " "
					+ "RETURNING l.token, l.attempt, l.expires_at_us - " + this.now + " AS remaining_us) "
					+ "SELECT 1 AS taken, token, attempt, remaining_us FROM a "
					+ "UNION ALL SELECT 0, token, attempt, expires_at_us - " + this.now + " FROM " + table
					+ " WHERE lock_key = :key AND NOT EXISTS (SELECT 1 FROM a)";
		}
		else {
			this.acquire = "";
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
		this.checkSchema = "SELECT lock_key, owner, token, attempt, expires_at_us FROM " + table + " WHERE 1 = 0";
	}

	static LockSql of(JdbcDialect dialect, String table, boolean notify) {
		return new LockSql(dialect, table, notify);
	}

	boolean announces() {
		return this.release.contains("pg_notify");
	}

}
