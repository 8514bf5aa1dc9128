package dev.distlock.jdbc;

/** The JDBC semaphore adapter on POSTGRESQL against the whole contract. */
class PostgresSemaphoreAdapterContractTests extends JdbcSemaphoreAdapterContractTests {

	@Override
	protected JdbcDialect dialect() {
		return JdbcDialect.POSTGRESQL;
	}

}
