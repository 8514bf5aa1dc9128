package dev.distlock.jdbc;

/** The JDBC read-write lock adapter on MARIADB against the whole contract. */
class MariaDbReadWriteLockAdapterContractTests extends JdbcReadWriteLockAdapterContractTests {

	@Override
	protected JdbcDialect dialect() {
		return JdbcDialect.MARIADB;
	}

}
