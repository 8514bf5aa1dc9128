package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.BlockingSettings;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.Namespace;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.test.InstrumentedLockAdapter;
import dev.distlock.test.redis.TestRedis;

/**
 * Blocked acquires wake on a release in another client, one local waiter per release, through one subscription per
 * adapter; and they still get the key by polling when no message comes.
 */
class RedisReleaseWakeUpTests {

	// As long as the wait: a waiter that gets the key within seconds was woken, it did not poll.
	private static final BlockingSettings ONLY_A_SIGNAL_WAKES = BlockingSettings.of(Duration.ofSeconds(30),
			Duration.ofSeconds(30));

	private static LettuceConnectionFactory holderConnections;

	private static LettuceConnectionFactory waiterConnections;

	private static RedisLockAdapterSettings settings;

	private static RedisLockAdapter holderAdapter;

	private static RedisLockAdapter waiterAdapter;

	private final List<Lock> locks = new ArrayList<>();

	private ExecutorService executor;

	private Namespace namespace;

	@BeforeAll
	static void connect() {
		String url = TestRedis.endpoint().url();
		settings = RedisTestConnections.privateChannel();
		holderConnections = RedisTestConnections.connect(url);
		waiterConnections = RedisTestConnections.connect(url);
		holderAdapter = new RedisLockAdapter(holderConnections, settings);
		waiterAdapter = new RedisLockAdapter(waiterConnections, settings);
		await().atMost(Duration.ofSeconds(10)).until(() -> holderAdapter.isSubscribed() && waiterAdapter.isSubscribed());
	}

	@AfterAll
	static void disconnect() {
		for (RedisLockAdapter adapter : new RedisLockAdapter[] { holderAdapter, waiterAdapter }) {
			if (adapter != null) {
				adapter.close();
			}
		}
		for (LettuceConnectionFactory factory : new LettuceConnectionFactory[] { holderConnections, waiterConnections }) {
			if (factory != null) {
				factory.destroy();
			}
		}
	}

	@BeforeEach
	void start() {
		this.executor = Executors.newCachedThreadPool();
		this.namespace = Namespace.of(List.of("distlock-test", "wake-up", UUID.randomUUID().toString()));
	}

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
		this.locks.forEach(Lock::forceRelease);
	}

	@Test
	void aReleaseInAnotherClientWakesABlockedAcquireLongBeforeItsInterval() throws Exception {
		InstrumentedLockAdapter waiterCalls = new InstrumentedLockAdapter(waiterAdapter);
		Lock holder = lock(provider(holderAdapter), "hand-off");
		Lock waiter = lock(provider(waiterCalls), "hand-off");
		assertThat(holder.acquire()).isTrue();
		Future<Boolean> acquired = this.executor.submit(() -> waiter.acquireBlocking(ONLY_A_SIGNAL_WAKES));
		await().atMost(Duration.ofSeconds(10)).until(() -> waiterCalls.acquireCalls() >= 1);
		assertThat(holder.release()).isTrue();
		await().atMost(Duration.ofSeconds(3)).until(acquired::isDone);
		assertThat(acquired.get()).isTrue();
		assertThat(waiterCalls.acquireCalls()).isEqualTo(2);
	}

	@Test
	void withoutAReleaseMessageABlockedAcquireStillGetsTheKeyByPolling() throws Exception {
		// The holder announces its release where the waiter does not listen: as if the message were lost.
		try (RedisLockAdapter elsewhere = new RedisLockAdapter(holderConnections,
				RedisTestConnections.privateChannel())) {
			InstrumentedLockAdapter waiterCalls = new InstrumentedLockAdapter(waiterAdapter);
			Lock holder = lock(provider(elsewhere), "lost-message");
			Lock waiter = lock(provider(waiterCalls), "lost-message");
			assertThat(holder.acquire()).isTrue();
			Future<Boolean> acquired = this.executor
				.submit(() -> waiter.acquireBlocking(BlockingSettings.of(Duration.ofSeconds(30), Duration.ofMillis(200))));
			await().atMost(Duration.ofSeconds(10)).until(() -> waiterCalls.acquireCalls() >= 2);
			assertThat(acquired.isDone()).isFalse();
			assertThat(holder.release()).isTrue();
			assertThat(acquired.get(10, TimeUnit.SECONDS)).isTrue();
		}
	}

	@Test
	void eachReleaseWakesOneLocalWaiterAndEachHandOffIsImmediate() throws Exception {
		int waiters = 8;
		InstrumentedLockAdapter waiterCalls = new InstrumentedLockAdapter(waiterAdapter);
		LockProvider waiterProvider = provider(waiterCalls);
		Lock holder = lock(provider(holderAdapter), "queue");
		assertThat(holder.acquire()).isTrue();
		AtomicInteger served = new AtomicInteger();
		List<Future<Boolean>> results = new ArrayList<>();
		for (int i = 0; i < waiters; i++) {
			Lock waiter = lock(waiterProvider, "queue");
			results.add(this.executor.submit(
					() -> waiter.runBlocking(served::incrementAndGet, ONLY_A_SIGNAL_WAKES).isAcquired()));
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> waiterCalls.acquireCalls() >= waiters);
		// However many wait, each adapter holds one subscription to the release channel.
		assertThat(subscribers(settings.releaseChannel())).isEqualTo(2);
		assertThat(holder.release()).isTrue();
		// Eight hand-offs, each would cost 30 seconds if it waited for the poll.
		await().atMost(Duration.ofSeconds(10)).until(() -> served.get() == waiters);
		for (Future<Boolean> result : results) {
			assertThat(result.get()).isTrue();
		}
		// One first attempt each, then one attempt per wake-up. Waking every waiter on every release would make
		// it waiters + waiters * (waiters + 1) / 2 = 44.
		assertThat(waiterCalls.acquireCalls()).isLessThanOrEqualTo(2 * waiters + 2);
	}

	@Test
	void theSubscriptionIsUpSoonAfterConstructionAndGoneAfterClose() throws Exception {
		String channel = RedisTestConnections.privateChannel().releaseChannel();
		RedisLockAdapter adapter = new RedisLockAdapter(waiterConnections,
				RedisLockAdapterSettings.defaults().withReleaseChannel(channel));
		try {
			await().atMost(Duration.ofSeconds(10)).until(adapter::isSubscribed);
			assertThat(subscribers(channel)).isEqualTo(1);
		}
		finally {
			adapter.close();
		}
		assertThat(adapter.isSubscribed()).isFalse();
		await().atMost(Duration.ofSeconds(5)).until(() -> subscribers(channel) == 0);
		adapter.close();
	}

	private static long subscribers(String channel) throws Exception {
		return RedisTestConnections.subscribers(holderConnections, channel);
	}

	private LockProvider provider(LockAdapter adapter) {
		return LockProvider.builder(adapter).namespace(this.namespace).build();
	}

	private Lock lock(LockProvider provider, String key) {
		Lock lock = provider.create(key, LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		this.locks.add(lock);
		return lock;
	}

}
