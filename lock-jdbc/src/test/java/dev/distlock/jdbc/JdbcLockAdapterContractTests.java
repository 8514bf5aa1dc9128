package dev.distlock.jdbc;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.test.LockAdapterContractTests;

/**
 * The JDBC adapter against the whole contract, in real time (expiry is the database's clock), on a table of the
 * dialect's own that lives for one test class. Each dialect's class only names its dialect.
 */
abstract class JdbcLockAdapterContractTests extends LockAdapterContractTests {

	// One table and adapter per dialect, made on the first test of a class and dropped after its last.
	private static final Map<JdbcDialect, Fixture> fixtures = new EnumMap<>(JdbcDialect.class);

	/**
	 * The database under test.
	 * @return its dialect
	 */
	protected abstract JdbcDialect dialect();

	@Override
	protected LockAdapter adapter() {
		synchronized (fixtures) {
			return fixtures.computeIfAbsent(dialect(), Fixture::new).adapter;
		}
	}

	// Real time on a loaded 2-core machine: an acquire answered after its TTL counts as not acquired.
	@Override
	protected Duration shortTtl() {
		return Duration.ofMillis(500);
	}

	// Two committed transactions per section: the default 32,000 sections took about 45 s per database in CI, an
	// eighth of the whole build for one test. 8,000 still put 16 threads against each other on one row; exclusion
	// across processes is JdbcCrossProcessExclusionTests' claim.
	@Override
	protected int contendedSectionsPerThread() {
		return 500;
	}

	@AfterAll
	static void dropTables() {
		synchronized (fixtures) {
			fixtures.values().forEach(Fixture::close);
			fixtures.clear();
		}
	}

	private static final class Fixture {

		private final LockTable table;

		private final JdbcLockAdapter adapter;

		Fixture(JdbcDialect dialect) {
			this.table = LockTable.in(dialect);
			this.adapter = new JdbcLockAdapter(this.table.dataSource(), this.table.settings());
		}

		void close() {
			try {
				this.adapter.close();
			}
			finally {
				this.table.close();
			}
		}

	}

}
