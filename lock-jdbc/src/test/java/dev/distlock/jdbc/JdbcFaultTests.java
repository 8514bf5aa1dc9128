package dev.distlock.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockBackendException;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.LockState;

/**
 * The database slow, unreachable or dropping connections under a running adapter: every operation fails with a
 * {@link LockBackendException} that keeps the database's answer as its cause, within a bound set by the query or
 * connection timeout, never hangs, never names the owner, leaves nothing half-written, and the same adapter works
 * again once the database does.
 */
class JdbcFaultTests {

	private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(1);

	// The query timeout plus room for a busy two-core machine; a statement waiting for the row lock would take the
	// database's own lock wait timeout instead (50 s on MariaDB), or for good.
	private static final Duration FAIL_WITHIN = Duration.ofSeconds(5);

	private final TestResources resources = new TestResources();

	@AfterEach
	void close() throws Exception {
		this.resources.close();
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void rowsLockedByAnotherTransactionFailOperationsWithinTheQueryTimeoutAndLeaveNothingHalfWritten(
			JdbcDialect dialect) throws Exception {
		LockTable table = this.resources.add(LockTable.in(dialect));
		JdbcLockAdapter adapter = this.resources.add(
				new JdbcLockAdapter(table.dataSource(), table.settings().withQueryTimeout(QUERY_TIMEOUT)));
		LockProvider provider = this.resources.add(LockProvider.builder(adapter).build());
		String owner = secretOwner();
		Lock held = provider.create("held", LockSettings.defaults().withTtl(Duration.ofMinutes(1)).withOwner(owner));
		assertThat(held.acquire()).isTrue();
		long token = held.getFencingToken().orElseThrow();
		Lock released = provider.create("free");
		assertThat(released.acquire()).isTrue();
		assertThat(released.release()).isTrue();
		Lock waiting = provider.create("free", LockSettings.defaults().withOwner(owner));

		try (Connection blocker = table.dataSource().getConnection()) {
			// A slow database as a lock statement sees it: the rows it must change are locked, and stay locked.
			blocker.setAutoCommit(false);
			lockRows(blocker, table.name(), "lock:_rt:held", "lock:_rt:free");

			assertFailsWithinBound(waiting::acquire, owner);
			assertFailsWithinBound(held::release, owner);
			blocker.rollback();
		}

		// Nothing half-written: the hold is as it was, the free key still free.
		assertThat(held.getState()).isInstanceOfSatisfying(LockState.Acquired.class,
				(acquired) -> assertThat(acquired.token()).isEqualTo(token));
		assertThat(adapter.state("lock:_rt:held")).hasValueSatisfying((holder) -> {
			assertThat(holder.owner()).isEqualTo(owner);
			assertThat(holder.remainingTime()).isLessThanOrEqualTo(Duration.ofMinutes(1));
		});
		assertThat(adapter.state("lock:_rt:free")).isEmpty();
		// And the same adapter works again.
		assertThat(held.release()).isTrue();
		assertThat(waiting.acquire()).isTrue();
		assertThat(waiting.getFencingToken().orElseThrow()).isGreaterThan(token);
		assertThat(waiting.release()).isTrue();
	}

	@ParameterizedTest
	@EnumSource(JdbcDialect.class)
	void anUnreachableDatabaseFailsEveryOperationWithTheCauseWithinTheConnectionTimeout(JdbcDialect dialect)
			throws Exception {
		HikariConfig config = new HikariConfig();
		config.setJdbcUrl(unreachableUrl(dialect));
		config.setUsername("root");
		config.setConnectionTimeout(250);
		// The pool starts without its database, as an application's does when the database is down at startup.
		config.setInitializationFailTimeout(-1);
		config.setMinimumIdle(0);
		config.setMaximumPoolSize(2);
		HikariDataSource pool = this.resources.add(new HikariDataSource(config));
		// With the dialect given, nothing needs the database before the first lock operation.
		JdbcLockAdapter adapter = this.resources.add(new JdbcLockAdapter(pool,
				JdbcLockAdapterSettings.defaults().withDialect(dialect).withQueryTimeout(QUERY_TIMEOUT)));
		LockProvider provider = this.resources.add(LockProvider.builder(adapter).build());
		String owner = secretOwner();
		Lock lock = provider.create("down", LockSettings.defaults().withOwner(owner));
		Lock restored = provider
			.restore(new LockHandle("lock", "down", owner, Expiry.after(Duration.ofMinutes(1)), 42));

		assertFailsWithinBound(lock::acquire, owner);
		assertFailsWithinBound(lock::getState, owner);
		assertFailsWithinBound(lock::forceRelease, owner);
		assertFailsWithinBound(restored::release, owner);
		assertFailsWithinBound(restored::refresh, owner);
		assertFailsWithinBound(() -> adapter.checkSchema(), owner, DataAccessException.class);
		assertThat(adapter.isListening()).isFalse();
		assertThat(adapter.wakesAcrossProcesses()).isEqualTo(dialect == JdbcDialect.POSTGRESQL);
	}

	@Test
	void terminatedPostgresConnectionsFailAtMostTheNextOperationsAndTheAdapterRecoversWithoutARestart()
			throws Exception {
		LockTable table = this.resources.add(LockTable.in(JdbcDialect.POSTGRESQL));
		String application = "distlock-test-" + UUID.randomUUID();
		HikariDataSource pool = table.newPool((config) -> {
			config.addDataSourceProperty("ApplicationName", application);
			config.setMinimumIdle(4);
		});
		JdbcLockAdapter adapter = this.resources.add(
				new JdbcLockAdapter(pool, table.settings().withQueryTimeout(QUERY_TIMEOUT)));
		LockProvider provider = this.resources.add(LockProvider.builder(adapter).build());
		await().atMost(Duration.ofSeconds(10)).until(adapter::isListening);
		Lock held = provider.create("held", LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		assertThat(held.acquire()).isTrue();
		long token = held.getFencingToken().orElseThrow();
		await().atMost(Duration.ofSeconds(10)).until(() -> backends(table, application) == 4);

		assertThat(terminate(table, application)).as("terminated backends, the listener's among them").isEqualTo(4);

		// The next operations run on dead connections until the pool has evicted them: they may fail, only so.
		List<LockBackendException> failures = new ArrayList<>();
		Lock probe = provider.create("probe");
		for (int i = 0; i < 6; i++) {
			Throwable thrown = catchThrowable(probe::getState);
			if (thrown != null) {
				assertThat(thrown).isInstanceOf(LockBackendException.class);
				assertCause((LockBackendException) thrown, held.getOwner());
				failures.add((LockBackendException) thrown);
			}
		}
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptionsInstanceOf(LockBackendException.class)
			.until(() -> probe.getState() instanceof LockState.Expired);
		// The hold outlived its connections: it is in the table, not in a session.
		assertThat(held.getState()).isInstanceOfSatisfying(LockState.Acquired.class,
				(acquired) -> assertThat(acquired.token()).isEqualTo(token));
		assertThat(held.release()).isTrue();
		assertThat(probe.acquire()).isTrue();
		assertThat(probe.release()).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(adapter::isListening);
		assertThat(failures).hasSizeLessThanOrEqualTo(4);
	}

	private static void lockRows(Connection connection, String table, String... keys) throws SQLException {
		String in = String.join(", ", Collections.nCopies(keys.length, "?"));
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT lock_key FROM " + table + " WHERE lock_key IN (" + in + ") FOR UPDATE")) {
			for (int i = 0; i < keys.length; i++) {
				statement.setString(i + 1, keys[i]);
			}
			int rows = 0;
			try (ResultSet result = statement.executeQuery()) {
				while (result.next()) {
					rows++;
				}
			}
			assertThat(rows).as("rows locked").isEqualTo(keys.length);
		}
	}

	private static int backends(LockTable table, String application) {
		Integer count = table.jdbc()
			.queryForObject("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?", Integer.class,
					application);
		return (count != null) ? count : 0;
	}

	// Waits for each backend to be gone, so that the pool's connections are dead when the next operation runs.
	private static int terminate(LockTable table, String application) {
		return table.jdbc()
			.queryForList("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity WHERE application_name = ?",
					Boolean.class, application)
			.stream()
			.filter(Boolean.TRUE::equals)
			.toList()
			.size();
	}

	private static String secretOwner() {
		return "owner-secret-" + UUID.randomUUID();
	}

	private static void assertFailsWithinBound(ThrowingCallable operation, String owner) {
		assertFailsWithinBound(operation, owner, LockBackendException.class);
	}

	private static void assertFailsWithinBound(ThrowingCallable operation, String owner,
			Class<? extends RuntimeException> type) {
		Throwable thrown = assertTimeoutPreemptively(FAIL_WITHIN, () -> catchThrowable(operation));
		assertThat(thrown).isInstanceOf(type);
		if (thrown instanceof LockBackendException backend) {
			assertCause(backend, owner);
		}
		else {
			assertNoOwner(thrown, owner);
			assertThat(chain(thrown)).anyMatch(SQLException.class::isInstance);
		}
	}

	// The database's answer is kept, and no message on the way names the owner, a credential.
	private static void assertCause(LockBackendException thrown, String owner) {
		// Spring's: a transaction that cannot begin (MariaDB's and H2's acquire) is a TransactionException.
		assertThat(thrown.getCause()).isInstanceOfAny(DataAccessException.class, TransactionException.class);
		assertThat(chain(thrown)).anyMatch(SQLException.class::isInstance);
		assertNoOwner(thrown, owner);
	}

	private static void assertNoOwner(Throwable thrown, String owner) {
		for (Throwable cause : chain(thrown)) {
			assertThat(String.valueOf(cause.getMessage())).doesNotContain(owner);
		}
	}

	private static List<Throwable> chain(Throwable thrown) {
		List<Throwable> chain = new ArrayList<>();
		for (Throwable cause = thrown; cause != null && !chain.contains(cause); cause = cause.getCause()) {
			chain.add(cause);
		}
		return chain;
	}

	private static String unreachableUrl(JdbcDialect dialect) throws IOException {
		int port;
		// A port that was free a moment ago: nothing listens there.
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		return switch (dialect) {
			case POSTGRESQL -> "jdbc:postgresql://127.0.0.1:" + port + "/test";
			case MARIADB -> "jdbc:mariadb://127.0.0.1:" + port + "/test";
			case H2 -> "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:distlock";
		};
	}

}
