-- distlock's lock table for MariaDB and MySQL. Another table name: replace every distlock_locks below.
-- Keys and owners are binary so that they compare exactly: a text collation would make 'Key' and 'key ' one lock.
-- expires_at_us: the database's clock in microseconds since the epoch; NULL for a lock that never expires.
-- Rows stay after a release (expires_at_us set to that moment) so that the key's fencing tokens keep increasing.
CREATE TABLE IF NOT EXISTS distlock_locks (
	lock_key VARBINARY(1020) NOT NULL PRIMARY KEY,
	owner VARBINARY(1020) NOT NULL,
	token BIGINT NOT NULL,
	attempt BIGINT NOT NULL,
	expires_at_us BIGINT NULL,
	INDEX distlock_locks_expires_at_us (expires_at_us)
) ENGINE = InnoDB;
-- Semaphores and read-write locks: tables named after the lock table (its name with _sem, _sem_slots, _rw,
-- _rw_holds, _rw_intents appended). A key row (_sem, _rw) is locked by every acquire of its key: it serializes
-- the key's operations and keeps the semaphore's limit and the key's last fencing token. Slots, holds and intents
-- are deleted when released; expired ones when the key is next acquired or by the periodic clean-up. Key rows
-- stay while idle for cleanup-after, so that the key's fencing tokens keep increasing.
CREATE TABLE IF NOT EXISTS distlock_locks_sem (
	sem_key VARBINARY(1020) NOT NULL PRIMARY KEY,
	slot_limit INT NOT NULL,
	last_token BIGINT NOT NULL,
	touched_at_us BIGINT NOT NULL,
	INDEX distlock_locks_sem_touched (touched_at_us)
) ENGINE = InnoDB;
CREATE TABLE IF NOT EXISTS distlock_locks_sem_slots (
	slot_key VARBINARY(1020) NOT NULL,
	owner VARBINARY(1020) NOT NULL,
	token BIGINT NOT NULL,
	attempt BIGINT NOT NULL,
	expires_at_us BIGINT NULL,
	PRIMARY KEY (slot_key, owner),
	INDEX distlock_locks_sem_slots_exp (expires_at_us)
) ENGINE = InnoDB;
CREATE TABLE IF NOT EXISTS distlock_locks_rw (
	rw_key VARBINARY(1020) NOT NULL PRIMARY KEY,
	last_token BIGINT NOT NULL,
	touched_at_us BIGINT NOT NULL,
	INDEX distlock_locks_rw_touched (touched_at_us)
) ENGINE = InnoDB;
CREATE TABLE IF NOT EXISTS distlock_locks_rw_holds (
	hold_key VARBINARY(1020) NOT NULL,
	lock_mode CHAR(1) NOT NULL,
	owner VARBINARY(1020) NOT NULL,
	token BIGINT NOT NULL,
	attempt BIGINT NOT NULL,
	expires_at_us BIGINT NULL,
	PRIMARY KEY (hold_key, lock_mode, owner),
	INDEX distlock_locks_rw_holds_exp (expires_at_us)
) ENGINE = InnoDB;
CREATE TABLE IF NOT EXISTS distlock_locks_rw_intents (
	intent_key VARBINARY(1020) NOT NULL,
	owner VARBINARY(1020) NOT NULL,
	expires_at_us BIGINT NOT NULL,
	PRIMARY KEY (intent_key, owner),
	INDEX distlock_locks_rw_intents_exp (expires_at_us)
) ENGINE = InnoDB;
