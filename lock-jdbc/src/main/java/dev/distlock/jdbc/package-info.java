/**
 * The JDBC lock backend: {@link dev.distlock.jdbc.JdbcLockAdapter} on Spring's {@code JdbcClient}, for PostgreSQL,
 * MariaDB/MySQL and H2.
 *
 * <p>A lock is a row of one table (key, owner, fencing token, attempt, expiry in microseconds of the database's
 * clock). Every statement runs on a connection of its own in autocommit, never in the caller's transaction, and
 * compares expiry with the database's clock only. Rows stay after a release so that fencing tokens keep increasing,
 * and are deleted in small batches once they have been free for a while. On PostgreSQL, releases are announced with
 * {@code NOTIFY} and one listening connection per adapter wakes this JVM's waiters.
 */
@NullMarked
package dev.distlock.jdbc;

import org.jspecify.annotations.NullMarked;
