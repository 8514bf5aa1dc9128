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
