package dev.distlock.jdbc;

/** The JDBC read-write lock adapter on POSTGRESQL against the whole contract. */
class PostgresReadWriteLockAdapterContractTests extends JdbcReadWriteLockAdapterContractTests {

	@Override
	protected JdbcDialect dialect() {
		return JdbcDialect.POSTGRESQL;
	}

}
