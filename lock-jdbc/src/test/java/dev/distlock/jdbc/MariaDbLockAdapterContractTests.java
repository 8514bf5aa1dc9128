package dev.distlock.jdbc;

/** The JDBC adapter on MARIADB against the whole contract. */
class MariaDbLockAdapterContractTests extends JdbcLockAdapterContractTests {

	@Override
	protected JdbcDialect dialect() {
		return JdbcDialect.MARIADB;
	}

}
