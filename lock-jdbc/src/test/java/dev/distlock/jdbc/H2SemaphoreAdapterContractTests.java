package dev.distlock.jdbc;

/** The JDBC semaphore adapter on H2 against the whole contract. */
class H2SemaphoreAdapterContractTests extends JdbcSemaphoreAdapterContractTests {

	@Override
	protected JdbcDialect dialect() {
		return JdbcDialect.H2;
	}

}
