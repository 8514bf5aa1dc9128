package dev.distlock.jdbc;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.test.LockAdapterContractTests;

/**
 * The JDBC adapter on MARIADB against the whole contract, in real time: expiry is the database's clock.
 */
class MariaDbLockAdapterContractTests extends LockAdapterContractTests {

	private static LockTable table;

	private static JdbcLockAdapter adapter;

	@BeforeAll
	static void createTable() {
		table = LockTable.in(JdbcDialect.MARIADB);
		adapter = new JdbcLockAdapter(table.dataSource(), table.settings());
	}

	@AfterAll
	static void dropTable() {
		if (adapter != null) {
			adapter.close();
		}
		if (table != null) {
			table.close();
		}
	}

	@Override
	protected LockAdapter adapter() {
		return adapter;
	}

	// Real time on a loaded 2-core machine: an acquire answered after its TTL counts as not acquired.
	@Override
	protected Duration shortTtl() {
		return Duration.ofMillis(500);
	}

}
