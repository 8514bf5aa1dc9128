package dev.distlock.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.distlock.BlockingSettings;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.adapter.ReleaseWatch;
import dev.distlock.test.InstrumentedLockAdapter;

/**
 * Blocked acquires wake on a release: in the same adapter at once on every dialect; on PostgreSQL also in another
 * adapter (a stand-in for another process, with a pool and a listening connection of its own) through
 * {@code NOTIFY}, again after the listening connection was terminated; without notifications only by polling.
 *
 * <p>Each waiter polls every 30 seconds and the holder's lock would live for a minute: a waiter that gets the key
 * within seconds of the release was woken by it. Each waiter must first have found the key held and parked, and it
 * must make exactly two attempts: the one that found the key held and the one after the wake-up.
 */
class JdbcReleaseWakeUpTests {

	private static final BlockingSettings ONLY_A_SIGNAL_WAKES = BlockingSettings.of(Duration.ofSeconds(30),
			Duration.ofSeconds(30));

	private final TestResources resources = new TestResources();

	@AfterEach
	void close() throws Exception {
		this.resources.close();
	}

	@ParameterizedTest(name = "{0}")
	@EnumSource(JdbcDialect.class)
	void aReleaseWakesAWaiterOfTheSameAdapterAtOnce(JdbcDialect dialect) throws Exception {
		LockTable table = this.resources.add(LockTable.in(dialect));
		Process process = process(table, table.settings(), (config) -> {
		});
		if (dialect == JdbcDialect.POSTGRESQL) {
			// Each time it starts listening, the listener wakes every waiter, since releases may have been missed.
			await().atMost(Duration.ofSeconds(10)).until(process.adapter()::isListening);
		}
		assertWokenByRelease(process, process, Duration.ofSeconds(2));
	}

	@ParameterizedTest(name = "the waiter's pool auto-commits: {0}")
	@ValueSource(booleans = { true, false })
	void aReleaseInOnePostgresAdapterWakesAWaiterInAnotherByNotification(boolean autoCommit) throws Exception {
		LockTable table = this.resources.add(LockTable.in(JdbcDialect.POSTGRESQL));
		Process holders = process(table, table.settings(), (config) -> {
		});
		// LISTEN in a transaction never committed would never hear a thing: the listener must auto-commit too.
		Process waiters = process(table, table.settings(), (config) -> config.setAutoCommit(autoCommit));
		assertThat(waiters.adapter().wakesAcrossProcesses()).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> holders.adapter().isListening() && waiters.adapter().isListening());

		assertWokenByRelease(holders, waiters, Duration.ofSeconds(3));
	}

	@Test
	void aTerminatedListeningConnectionIsReplacedAndWakesWaitersByNotificationAgain() throws Exception {
		LockTable table = this.resources.add(LockTable.in(JdbcDialect.POSTGRESQL));
		Process holders = process(table, table.settings(), (config) -> {
		});
		Process waiters = process(table, table.settings(), (config) -> {
		});
		await().atMost(Duration.ofSeconds(10))
			.until(() -> holders.adapter().isListening() && waiters.adapter().isListening());

		// Once it listens again, the listener wakes every waiter, since releases may have been missed meanwhile.
		ReleaseWatch missedReleases = this.resources.add(waiters.adapter().watchReleases("lock:_rt:other"));
		// The listener is the one connection of the waiters' pool whose last statement was its own: LISTEN, or the
		// probe it sends every few seconds. Lock statements are none of these.
		String listener = "SELECT pid FROM pg_stat_activity WHERE application_name = ? "
				+ "AND (query LIKE 'LISTEN %' OR query = 'SELECT 1')";
		List<Integer> before = table.jdbc().queryForList(listener, Integer.class, waiters.application());
		assertThat(before).as("listening connections").hasSize(1);
		assertThat(table.jdbc().queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, before.get(0)))
			.as("terminated").isTrue();
		// Replaced: another backend listens now. (Watching isListening() turn false would race the reconnection,
		// which takes one 100 ms backoff.)
		await().atMost(Duration.ofSeconds(10))
			.until(() -> table.jdbc().queryForList(listener, Integer.class, waiters.application()),
					(now) -> now.size() == 1 && !now.get(0).equals(before.get(0)));
		await().atMost(Duration.ofSeconds(10)).until(waiters.adapter()::isListening);
		assertThat(missedReleases.await(Duration.ofSeconds(10))).as("woken when listening again").isTrue();

		assertWokenByRelease(holders, waiters, Duration.ofSeconds(5));
	}

	@Test
	void withoutNotificationsAWaiterInAnotherPostgresAdapterWakesOnlyByPolling() throws Exception {
		LockTable table = this.resources.add(LockTable.in(JdbcDialect.POSTGRESQL));
		JdbcLockAdapterSettings quiet = table.settings().withNotifications(false);
		Process holders = process(table, quiet, (config) -> {
		});
		Process waiters = process(table, quiet, (config) -> {
		});
		assertThat(waiters.adapter().wakesAcrossProcesses()).isFalse();
		assertThat(waiters.adapter().isListening()).isFalse();
		Duration interval = Duration.ofSeconds(3);

		Lock holder = holders.provider().create("job", LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		assertThat(holder.acquire()).isTrue();
		Lock waiting = waiters.provider().create("job");
		BlockedAcquire waiter = startParked(waiters, waiting, BlockingSettings.of(Duration.ofSeconds(30), interval));
		long releasedAt = System.nanoTime();
		assertThat(holder.release()).isTrue();
		// Well before its poll: a wake-up by the release would have shown.
		assertThat(waiter.elapsedAt(releasedAt)).as("the release, after the waiter started")
			.isLessThan(interval.minusMillis(500));

		assertThat(waiter.await(interval.plusSeconds(10))).isTrue();
		// Nothing woke it: it got the key at its first poll, a whole interval after it began to wait.
		assertThat(waiter.returnedAfter()).isGreaterThanOrEqualTo(interval);
		assertThat(waiters.counted().acquireCalls()).isEqualTo(2);
		assertThat(waiting.release()).isTrue();
	}

	private void assertWokenByRelease(Process holders, Process waiters, Duration within) throws Exception {
		Lock holder = holders.provider().create("job", LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		assertThat(holder.acquire()).isTrue();
		int attemptsBefore = waiters.counted().acquireCalls();
		Lock waiting = waiters.provider().create("job");
		BlockedAcquire waiter = startParked(waiters, waiting, ONLY_A_SIGNAL_WAKES);

		assertThat(holder.release()).isTrue();

		assertThat(waiter.await(within)).isTrue();
		assertThat(waiters.counted().acquireCalls() - attemptsBefore).as("attempts: found held, then woken")
			.isEqualTo(2);
		assertThat(waiting.release()).isTrue();
	}

	// Returns once the acquire found the key held and waits: a release before that would prove nothing.
	private BlockedAcquire startParked(Process waiters, Lock waiting, BlockingSettings settings) {
		int attemptsBefore = waiters.counted().acquireCalls();
		BlockedAcquire waiter = this.resources.add(BlockedAcquire.start(waiting, settings));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> waiters.counted().acquireCalls() > attemptsBefore && waiter.isParked());
		assertThat(waiter.isDone()).isFalse();
		return waiter;
	}

	private Process process(LockTable table, JdbcLockAdapterSettings settings, Consumer<HikariConfig> customizer) {
		String application = "distlock-test-" + UUID.randomUUID();
		HikariDataSource pool = table.newPool((config) -> {
			if (table.dialect() == JdbcDialect.POSTGRESQL) {
				config.addDataSourceProperty("ApplicationName", application);
			}
			customizer.accept(config);
		});
		JdbcLockAdapter adapter = this.resources.add(new JdbcLockAdapter(pool, settings));
		InstrumentedLockAdapter counted = new InstrumentedLockAdapter(adapter);
		LockProvider provider = this.resources.add(LockProvider.builder(counted).build());
		return new Process(adapter, counted, provider, application);
	}

	/** One process's view of the lock table: its pool, adapter (with its own listener) and provider. */
	private record Process(JdbcLockAdapter adapter, InstrumentedLockAdapter counted, LockProvider provider,
			String application) {
	}

}
