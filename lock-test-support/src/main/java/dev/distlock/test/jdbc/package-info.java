/**
 * Real databases for tests, without depending on any JDBC driver: {@link dev.distlock.test.jdbc.TestDatabase} finds a
 * PostgreSQL or MariaDB (Testcontainers where Docker runs, else an environment variable's URL, else the local
 * default) and fails on CI when none answers.
 */
@NullMarked
package dev.distlock.test.jdbc;

import org.jspecify.annotations.NullMarked;
