-- What a Flyway or Liquibase migration would do: the H2 lock table, renamed, created by another initializer.
CREATE TABLE migrated_locks (
	lock_key VARCHAR(255) NOT NULL PRIMARY KEY,
	owner VARCHAR(255) NOT NULL,
	token BIGINT NOT NULL,
	attempt BIGINT NOT NULL,
	expires_at_us BIGINT
);
CREATE INDEX migrated_locks_expires_at_us ON migrated_locks (expires_at_us);
