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
-- Semaphores and read-write locks: tables named after the lock table (its name with _sem, _sem_slots, _rw,
-- _rw_holds, _rw_intents appended). A key row (_sem, _rw) is locked by every acquire of its key: it serializes
-- the key's operations and keeps the semaphore's limit and the key's last fencing token. Slots, holds and intents
-- are deleted when released; expired ones when the key is next acquired or by the periodic clean-up. Key rows
-- stay while idle for cleanup-after, so that the key's fencing tokens keep increasing.
CREATE TABLE IF NOT EXISTS distlock_locks_sem (
	sem_key VARCHAR(255) NOT NULL PRIMARY KEY,
	slot_limit INT NOT NULL,
	last_token BIGINT NOT NULL,
	touched_at_us BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS distlock_locks_sem_touched ON distlock_locks_sem (touched_at_us);
CREATE TABLE IF NOT EXISTS distlock_locks_sem_slots (
	slot_key VARCHAR(255) NOT NULL,
	owner VARCHAR(255) NOT NULL,
	token BIGINT NOT NULL,
	attempt BIGINT NOT NULL,
	expires_at_us BIGINT,
	PRIMARY KEY (slot_key, owner)
);
CREATE INDEX IF NOT EXISTS distlock_locks_sem_slots_exp ON distlock_locks_sem_slots (expires_at_us);
CREATE TABLE IF NOT EXISTS distlock_locks_rw (
	rw_key VARCHAR(255) NOT NULL PRIMARY KEY,
	last_token BIGINT NOT NULL,
	touched_at_us BIGINT NOT NULL
);
CREATE INDEX IF NOT EXISTS distlock_locks_rw_touched ON distlock_locks_rw (touched_at_us);
CREATE TABLE IF NOT EXISTS distlock_locks_rw_holds (
	hold_key VARCHAR(255) NOT NULL,
	lock_mode CHAR(1) NOT NULL,
	owner VARCHAR(255) NOT NULL,
	token BIGINT NOT NULL,
	attempt BIGINT NOT NULL,
	expires_at_us BIGINT,
	PRIMARY KEY (hold_key, lock_mode, owner)
);
CREATE INDEX IF NOT EXISTS distlock_locks_rw_holds_exp ON distlock_locks_rw_holds (expires_at_us);
CREATE TABLE IF NOT EXISTS distlock_locks_rw_intents (
	intent_key VARCHAR(255) NOT NULL,
	owner VARCHAR(255) NOT NULL,
	expires_at_us BIGINT NOT NULL,
	PRIMARY KEY (intent_key, owner)
);
CREATE INDEX IF NOT EXISTS distlock_locks_rw_intents_exp ON distlock_locks_rw_intents (expires_at_us);
