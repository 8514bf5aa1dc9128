-- distlock's lock table for PostgreSQL. Another table name: replace every distlock_locks below.
-- expires_at_us: the database's clock in microseconds since the epoch; NULL for a lock that never expires.
-- contended: another owner tried while it was held, so its release is announced with NOTIFY.
-- Rows stay after a release (expires_at_us set to that moment) so that the key's fencing tokens keep increasing.
CREATE TABLE IF NOT EXISTS distlock_locks (
	lock_key VARCHAR(255) NOT NULL PRIMARY KEY,
	owner VARCHAR(255) NOT NULL,
	token BIGINT NOT NULL,
	attempt BIGINT NOT NULL,
	expires_at_us BIGINT,
	contended BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX IF NOT EXISTS distlock_locks_expires_at_us ON distlock_locks (expires_at_us);
