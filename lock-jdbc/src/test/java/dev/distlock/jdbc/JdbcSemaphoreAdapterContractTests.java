package dev.distlock.jdbc;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;

import dev.distlock.adapter.SemaphoreAdapter;
import dev.distlock.test.SemaphoreAdapterContractTests;

/**
 * The JDBC semaphore adapter against the whole contract, in real time (expiry is the database's clock), on tables of
 * the dialect's own that live for one test class. Each dialect's class only names its dialect.
 */
abstract class JdbcSemaphoreAdapterContractTests extends SemaphoreAdapterContractTests {

	// One set of tables and adapter per dialect, made on the first test of a class and dropped after its last.
	private static final Map<JdbcDialect, LockTable> tables = new EnumMap<>(JdbcDialect.class);

	private static final Map<JdbcDialect, JdbcSemaphoreAdapter> adapters = new EnumMap<>(JdbcDialect.class);

	/**
	 * The database under test.
	 * @return its dialect
	 */
	protected abstract JdbcDialect dialect();

	@Override
	protected SemaphoreAdapter adapter() {
		synchronized (tables) {
			return adapters.computeIfAbsent(dialect(), (dialect) -> {
				LockTable table = tables.computeIfAbsent(dialect, LockTable::in);
				return new JdbcSemaphoreAdapter(table.dataSource(), table.settings());
			});
		}
	}

	// Real time on a loaded 2-core machine: an acquire answered after its TTL counts as not acquired.
	@Override
	protected Duration shortTtl() {
		return Duration.ofMillis(500);
	}

	@AfterAll
	static void dropTables() {
		synchronized (tables) {
			adapters.clear();
			tables.values().forEach(LockTable::close);
			tables.clear();
		}
	}

}
