package dev.distlock.jdbc;

/** The JDBC adapter on POSTGRESQL against the whole contract. */
class PostgresLockAdapterContractTests extends JdbcLockAdapterContractTests {

	@Override
	protected JdbcDialect dialect() {
		return JdbcDialect.POSTGRESQL;
	}

}
