package dev.distlock.jdbc;

/** The JDBC read-write lock adapter on H2 against the whole contract. */
class H2ReadWriteLockAdapterContractTests extends JdbcReadWriteLockAdapterContractTests {

	@Override
	protected JdbcDialect dialect() {
		return JdbcDialect.H2;
	}

}
