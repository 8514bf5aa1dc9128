-- What a Flyway or Liquibase migration would do: the H2 lock table, and the semaphore and read-write lock tables
-- named after it, renamed, created by another initializer.
CREATE TABLE migrated_locks (
	lock_key VARCHAR(255) NOT NULL PRIMARY KEY,
	owner VARCHAR(255) NOT NULL,
	token BIGINT NOT NULL,
	attempt BIGINT NOT NULL,
	expires_at_us BIGINT
);
CREATE INDEX migrated_locks_expires_at_us ON migrated_locks (expires_at_us);
CREATE TABLE migrated_locks_sem (
	sem_key VARCHAR(255) NOT NULL PRIMARY KEY,
	slot_limit INT NOT NULL,
	last_token BIGINT NOT NULL,
	touched_at_us BIGINT NOT NULL
);
CREATE INDEX migrated_locks_sem_touched ON migrated_locks_sem (touched_at_us);
CREATE TABLE migrated_locks_sem_slots (
	slot_key VARCHAR(255) NOT NULL,
	owner VARCHAR(255) NOT NULL,
	token BIGINT NOT NULL,
	attempt BIGINT NOT NULL,
	expires_at_us BIGINT,
	PRIMARY KEY (slot_key, owner)
);
CREATE INDEX migrated_locks_sem_slots_exp ON migrated_locks_sem_slots (expires_at_us);
CREATE TABLE migrated_locks_rw (
	rw_key VARCHAR(255) NOT NULL PRIMARY KEY,
	last_token BIGINT NOT NULL,
	touched_at_us BIGINT NOT NULL
);
CREATE INDEX migrated_locks_rw_touched ON migrated_locks_rw (touched_at_us);
CREATE TABLE migrated_locks_rw_holds (
	hold_key VARCHAR(255) NOT NULL,
	lock_mode CHAR(1) NOT NULL,
	owner VARCHAR(255) NOT NULL,
	token BIGINT NOT NULL,
	attempt BIGINT NOT NULL,
	expires_at_us BIGINT,
	PRIMARY KEY (hold_key, lock_mode, owner)
);
CREATE INDEX migrated_locks_rw_holds_exp ON migrated_locks_rw_holds (expires_at_us);
CREATE TABLE migrated_locks_rw_intents (
	intent_key VARCHAR(255) NOT NULL,
	owner VARCHAR(255) NOT NULL,
	expires_at_us BIGINT NOT NULL,
	PRIMARY KEY (intent_key, owner)
);
CREATE INDEX migrated_locks_rw_intents_exp ON migrated_locks_rw_intents (expires_at_us);
