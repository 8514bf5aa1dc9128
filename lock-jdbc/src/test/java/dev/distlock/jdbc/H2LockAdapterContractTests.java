package dev.distlock.jdbc;

/** The JDBC adapter on H2 against the whole contract. */
class H2LockAdapterContractTests extends JdbcLockAdapterContractTests {

	@Override
	protected JdbcDialect dialect() {
		return JdbcDialect.H2;
	}

}
