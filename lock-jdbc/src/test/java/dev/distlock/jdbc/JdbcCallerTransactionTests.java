package dev.distlock.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;
import org.springframework.transaction.support.TransactionTemplate;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.LockState;
import dev.distlock.adapter.LockHolder;

/**
 * Lock statements never run in the caller's transaction, on the same {@code DataSource} as the application's:
 * a lock taken in a transaction that rolls back stays taken (and is visible to others before that transaction ends),
 * a stale snapshot in the caller's transaction never lets a second holder in, a lock statement's connection goes back
 * to the pool when the statement is done rather than when the caller's transaction ends, and a pool set not to
 * auto-commit still has every lock statement committed when it returns.
 */
class JdbcCallerTransactionTests {

	private final TestResources resources = new TestResources();

	@AfterEach
	void close() throws Exception {
		this.resources.close();
	}

	static Stream<Arguments> dialectsWithAndWithoutProxy() {
		List<Arguments> arguments = new ArrayList<>();
		for (JdbcDialect dialect : JdbcDialect.values()) {
			arguments.add(Arguments.of(dialect, false));
			arguments.add(Arguments.of(dialect, true));
		}
		return arguments.stream();
	}

	@ParameterizedTest(name = "{0}, through a TransactionAwareDataSourceProxy: {1}")
	@MethodSource("dialectsWithAndWithoutProxy")
	void aLockTakenInATransactionThatRollsBackStaysTakenUntilReleased(JdbcDialect dialect, boolean proxied) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		String orders = table.createTable("orders", "id INT PRIMARY KEY");
		// What the application hands the adapter: its DataSource, or the proxy that joins Spring's transactions.
		DataSource applications = proxied ? new TransactionAwareDataSourceProxy(table.dataSource())
				: table.dataSource();
		LockProvider inTransaction = provider(new JdbcLockAdapter(applications, table.settings()));
		LockProvider elsewhere = provider(new JdbcLockAdapter(table.newPool((config) -> {
		}), table.settings()));
		JdbcTemplate callersJdbc = new JdbcTemplate(applications);
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(table.dataSource()));
		Lock lock = inTransaction.create("job");

		transaction.executeWithoutResult((status) -> {
			// The caller's own write, on its transaction's connection: the rollback undoes it, and only it.
			callersJdbc.update("INSERT INTO " + orders + " (id) VALUES (1)");
			assertThat(lock.acquire()).isTrue();
			// Committed when the acquire returned, not with the caller's transaction, which is still open.
			assertThat(elsewhere.create("job").getState()).isEqualTo(new LockState.Unavailable(lock.getOwner()));
			status.setRollbackOnly();
		});

		assertThat(table.jdbc().queryForObject("SELECT COUNT(*) FROM " + orders, Integer.class))
			.as("the caller's write, rolled back").isZero();
		Lock other = elsewhere.create("job");
		assertThat(other.getState()).isEqualTo(new LockState.Unavailable(lock.getOwner()));
		assertThat(other.acquire()).isFalse();
		assertThat(lock.getState()).isInstanceOf(LockState.Acquired.class);
		assertThat(lock.release()).isTrue();
		assertThat(other.acquire()).isTrue();
		assertThat(other.release()).isTrue();
	}

	static Stream<Arguments> snapshotIsolations() {
		List<Arguments> arguments = new ArrayList<>();
		for (boolean rowExists : new boolean[] { false, true }) {
			arguments.add(Arguments.of(JdbcDialect.POSTGRESQL, "REPEATABLE_READ", rowExists, false));
			arguments.add(Arguments.of(JdbcDialect.POSTGRESQL, "SERIALIZABLE", rowExists, false));
			// MariaDB's SERIALIZABLE turns plain reads into locking ones: no snapshot, and the other acquire would
			// wait for the caller's transaction instead.
			arguments.add(Arguments.of(JdbcDialect.MARIADB, "REPEATABLE_READ", rowExists, false));
			arguments.add(Arguments.of(JdbcDialect.H2, "REPEATABLE_READ", rowExists, false));
		}
		// Handed the proxy, an adapter that took what it hands out would run in the caller's snapshot.
		for (JdbcDialect dialect : JdbcDialect.values()) {
			arguments.add(Arguments.of(dialect, "REPEATABLE_READ", true, true));
		}
		return arguments.stream();
	}

	// ShedLock issue #3577: a lock statement run in the caller's snapshot saw the key free and let a second pod in.
	@ParameterizedTest(name = "{0}, {1}, the key's row there before: {2}, through the proxy: {3}")
	@MethodSource("snapshotIsolations")
	void aStaleSnapshotInTheCallersTransactionNeverLetsASecondHolderIn(JdbcDialect dialect, String isolation,
			boolean rowExists, boolean proxied) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		DataSource applications = proxied ? new TransactionAwareDataSourceProxy(table.dataSource())
				: table.dataSource();
		JdbcLockAdapter adapter = this.resources.add(new JdbcLockAdapter(applications, table.settings()));
		LockProvider inTransaction = this.resources.add(LockProvider.builder(adapter).build());
		LockProvider elsewhere = provider(new JdbcLockAdapter(table.newPool((config) -> {
		}), table.settings()));
		if (rowExists) {
			// A row released long ago: a stale read finds it free, as the snapshot saw it.
			Lock earlier = elsewhere.create("job");
			assertThat(earlier.acquire()).isTrue();
			assertThat(earlier.release()).isTrue();
		}
		JdbcTemplate callersJdbc = table.jdbc();
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(table.dataSource()));
		transaction.setIsolationLevelName("ISOLATION_" + isolation);
		Lock theirs = elsewhere.create("job");
		Lock mine = inTransaction.create("job");
		String countTheirs = "SELECT COUNT(*) FROM " + table.name() + " WHERE owner = ?";

		transaction.executeWithoutResult((status) -> {
			// The first read fixes the snapshot every later read of this transaction sees.
			callersJdbc.queryForObject("SELECT COUNT(*) FROM " + table.name(), Integer.class);
			assertThat(theirs.acquire()).isTrue();
			assertThat(callersJdbc.queryForObject(countTheirs, Integer.class, theirs.getOwner()))
				.as("their hold, as the caller's stale snapshot sees it").isZero();

			assertThat(mine.acquire()).isFalse();
			assertThat(mine.getState()).isEqualTo(new LockState.Unavailable(theirs.getOwner()));
			status.setRollbackOnly();
		});

		assertThat(adapter.state("lock:_rt:job")).map(LockHolder::owner).contains(theirs.getOwner());
		assertThat(theirs.release()).isTrue();
		assertThat(mine.acquire()).isTrue();
		assertThat(mine.release()).isTrue();
	}

	// Spring's synchronization would keep the connection of a statement run in a transaction for the transaction's
	// length: a lock statement's would then be held while the caller's work goes on, two connections a thread.
	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void aLockStatementInTheCallersTransactionGivesItsConnectionBackAtOnce(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		HikariDataSource pool = table.newPool((config) -> config.setMaximumPoolSize(5));
		JdbcLockAdapter adapter = this.resources.add(new JdbcLockAdapter(pool,
				table.settings().withNotifications(false)));
		LockProvider provider = this.resources.add(LockProvider.builder(adapter).build());
		TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(pool));
		JdbcTemplate callersJdbc = new JdbcTemplate(pool);
		Lock lock = provider.create("job");

		transaction.executeWithoutResult((status) -> {
			callersJdbc.queryForObject("SELECT COUNT(*) FROM " + table.name(), Integer.class);
			assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("the transaction's").isEqualTo(1);
			assertThat(lock.acquire()).isTrue();
			assertThat(lock.getState()).isInstanceOf(LockState.Acquired.class);
			assertThat(lock.refresh()).isTrue();
			assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("after lock statements").isEqualTo(1);
			assertThat(lock.release()).isTrue();
			assertThat(pool.getHikariPoolMXBean().getActiveConnections()).as("after a release").isEqualTo(1);
		});
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void aPoolSetNotToAutoCommitStillCommitsEveryLockStatement(JdbcDialect dialect) {
		LockTable table = this.resources.add(LockTable.in(dialect));
		JdbcLockAdapter manual = this.resources.add(new JdbcLockAdapter(
				table.newPool((config) -> config.setAutoCommit(false)), table.settings()));
		LockProvider provider = this.resources.add(LockProvider.builder(manual).build());
		// Another pool: a statement left uncommitted on the first would be invisible here, and rolled back later.
		JdbcLockAdapter elsewhere = this.resources.add(new JdbcLockAdapter(table.newPool((config) -> {
		}), table.settings()));
		Lock lock = provider.create("job", LockSettings.defaults().withTtl(Duration.ofMinutes(1)));

		assertThat(lock.acquire()).isTrue();
		assertThat(elsewhere.state("lock:_rt:job")).map(LockHolder::owner).contains(lock.getOwner());

		assertThat(lock.refresh(Duration.ofMinutes(30))).isTrue();
		assertThat(elsewhere.state("lock:_rt:job")).map(LockHolder::remainingTime)
			.hasValueSatisfying((remaining) -> assertThat(remaining).isGreaterThan(Duration.ofMinutes(10)));

		assertThat(lock.release()).isTrue();
		assertThat(elsewhere.state("lock:_rt:job")).isEmpty();

		assertThat(lock.acquire()).isTrue();
		assertThat(lock.forceRelease()).isTrue();
		assertThat(elsewhere.state("lock:_rt:job")).isEmpty();
	}

	private LockProvider provider(JdbcLockAdapter adapter) {
		this.resources.add(adapter);
		return this.resources.add(LockProvider.builder(adapter).build());
	}

}
