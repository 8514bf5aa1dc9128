package dev.distlock.jdbc;

/** The JDBC semaphore adapter on MARIADB against the whole contract. */
class MariaDbSemaphoreAdapterContractTests extends JdbcSemaphoreAdapterContractTests {

	@Override
	protected JdbcDialect dialect() {
		return JdbcDialect.MARIADB;
	}

}
