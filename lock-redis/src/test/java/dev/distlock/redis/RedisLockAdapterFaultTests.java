package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.distlock.BlockingSettings;
import dev.distlock.Lock;
import dev.distlock.LockBackendException;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.Namespace;
import dev.distlock.RemainingTime;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.event.LockUnexpectedErrorEvent;
import dev.distlock.test.InstrumentedLockAdapter;
import dev.distlock.test.redis.RedisServerProcess;

/**
 * Redis failing under a running adapter: a private {@code redis-server} that the tests kill, pause and restart.
 * Operations must fail within the adapter's command timeout (the client's own is 10 seconds here), fire the
 * unexpected-error event, never hang, and work again on the same provider once Redis is back, wake-ups included;
 * fencing tokens keep increasing across a restart that lost the data.
 */
class RedisLockAdapterFaultTests {

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

	// The command timeout plus room for a busy two-core machine; a hang, or Lettuce's timeout, would blow past it.
	private static final Duration FAIL_WITHIN = COMMAND_TIMEOUT.plusMillis(800);

	private static final Duration RECOVERY = Duration.ofSeconds(40);

	private static RedisServerProcess server;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final List<LockUnexpectedErrorEvent> errors = new CopyOnWriteArrayList<>();

	private RedisLockAdapterSettings settings;

	private ExecutorService executor;

	@BeforeAll
	static void startServer() {
		server = RedisServerProcess.start();
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@BeforeEach
	void setUp() {
		server.restart();
		this.settings = RedisLockAdapterSettings.defaults().withCommandTimeout(COMMAND_TIMEOUT);
		this.executor = Executors.newCachedThreadPool();
	}

	@AfterEach
	void tearDown() throws Exception {
		this.executor.shutdownNow();
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void whileRedisIsDownEveryOperationFailsFastAndTheSameProviderWorksOnceItIsBack() {
		LockProvider provider = provider(adapter(connect()));
		Lock lock = provider.create("outage", LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		assertThat(lock.acquire()).isTrue();
		assertThat(lock.release()).isTrue();

		server.stop();

		assertFailsFast(lock::acquire);
		assertFailsFast(lock::release);
		assertFailsFast(lock::refresh);
		assertFailsFast(lock::getState);
		assertFailsFast(lock::forceRelease);
		assertThat(this.errors).hasSize(5).allSatisfy((event) -> {
			assertThat(event.lock()).isSameAs(lock);
			assertThat(event.error()).isInstanceOf(DataAccessException.class);
		});

		server.restart();

		await().atMost(RECOVERY).ignoreExceptions().until(lock::acquire);
		assertThat(lock.getRemainingTime()).isInstanceOf(RemainingTime.ExpiresIn.class);
		assertThat(lock.release()).isTrue();
	}

	@Test
	void aRedisTooSlowToAnswerFailsTheOperationWithinTheCommandTimeout() throws Exception {
		LettuceConnectionFactory connectionFactory = connect();
		RedisLockAdapter adapter = adapter(connectionFactory);
		InstrumentedLockAdapter calls = new InstrumentedLockAdapter(adapter);
		LockProvider provider = provider(calls);
		Lock lock = provider.create("slow", LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		try (RedisConnection connection = connectionFactory.getConnection()) {
			// Redis holds every client's commands for three seconds: alive, connected, and silent.
			connection.execute("CLIENT", bytes("PAUSE"), bytes("3000"), bytes("ALL"));
		}

		assertFailsFast(lock::acquire);
		assertThat(this.errors).singleElement()
			.satisfies((event) -> assertThat(event.error()).isInstanceOf(DataAccessException.class));

		// The timed-out acquire runs once Redis resumes (it was sent); the provider's background undo frees it.
		String key = provider.getNamespace().qualify("slow");
		await().atMost(RECOVERY).ignoreExceptions()
			.until(() -> calls.undoCalls() >= 1 && adapter.state(key).isEmpty());
		assertThat(lock.acquire()).isTrue();
		assertThat(lock.release()).isTrue();
	}

	@Test
	void tokensAfterARestartThatLostTheDataAreStillGreater() {
		RedisLockAdapter adapter = adapter(connect());
		Lock lock = provider(adapter).create("restarted", LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		assertThat(lock.acquire()).isTrue();
		long before = lock.getFencingToken().orElseThrow();
		assertThat(lock.release()).isTrue();

		server.stop();
		server.restart();

		await().atMost(RECOVERY).ignoreExceptions().until(lock::acquire);
		// The counter is gone with the data; the server's clock, which moved on, still puts the token above.
		assertThat(lock.getFencingToken().orElseThrow()).isGreaterThan(before);
		assertThat(lock.release()).isTrue();
	}

	@Test
	void aFenceCounterAheadOfTheServersClockStillWins() {
		LettuceConnectionFactory connectionFactory = connect();
		RedisLockAdapter adapter = adapter(connectionFactory);
		LockProvider provider = provider(adapter);
		Lock lock = provider.create("ahead", LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		assertThat(lock.acquire()).isTrue();
		long first = lock.getFencingToken().orElseThrow();
		assertThat(lock.release()).isTrue();
		// As after the server's clock stepped back by an hour: tokens must still go up by the counter.
		String fence = FenceKeys.of(provider.getNamespace().qualify("ahead"));
		long ahead = first + Duration.ofHours(1).toNanos() / 1000;
		StringRedisTemplate redis = new StringRedisTemplate(connectionFactory);
		redis.opsForValue().set(fence, Long.toString(ahead));

		assertThat(lock.acquire()).isTrue();

		assertThat(lock.getFencingToken()).hasValue(ahead + 1);
		assertThat(redis.opsForValue().get(fence)).isEqualTo(Long.toString(ahead + 1));
		assertThat(lock.release()).isTrue();
	}

	@Test
	void afterARestartBlockedAcquiresWakeOnReleasesAgain() throws Exception {
		Namespace namespace = Namespace.of("restart-" + UUID.randomUUID());
		RedisLockAdapter holderAdapter = adapter(connect());
		RedisLockAdapter waiterAdapter = adapter(connect());
		Lock holder = provider(holderAdapter, namespace).create("wake");
		InstrumentedLockAdapter waiterCalls = new InstrumentedLockAdapter(waiterAdapter);
		Lock waiter = provider(waiterCalls, namespace).create("wake");
		await().atMost(RECOVERY).until(() -> holderAdapter.isSubscribed() && waiterAdapter.isSubscribed());

		server.stop();
		await().atMost(RECOVERY).until(() -> !waiterAdapter.isSubscribed());
		server.restart();

		// Both adapters' subscriptions come back by themselves, once their connections reconnect.
		await().atMost(RECOVERY).until(() -> holderAdapter.isSubscribed() && waiterAdapter.isSubscribed());
		await().atMost(RECOVERY).ignoreExceptions().until(holder::acquire);
		Future<Boolean> acquired = this.executor
			.submit(() -> waiter.acquireBlocking(BlockingSettings.of(Duration.ofSeconds(30), Duration.ofSeconds(30))));
		await().atMost(Duration.ofSeconds(10)).until(() -> waiterCalls.acquireCalls() >= 1);
		assertThat(holder.release()).isTrue();
		await().atMost(Duration.ofSeconds(3)).until(acquired::isDone);
		assertThat(acquired.get()).isTrue();
		assertThat(waiter.release()).isTrue();
	}

	@Test
	void anAdapterCreatedWhileRedisIsDownStartsAtOnceAndSubscribesWhenRedisComesUp() {
		server.stop();
		LettuceConnectionFactory connectionFactory = connect();

		long start = System.nanoTime();
		RedisLockAdapter adapter = adapter(connectionFactory);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAIL_WITHIN);
		assertThat(adapter.isSubscribed()).isFalse();
		Lock lock = provider(adapter).create("late");
		assertFailsFast(lock::acquire);

		server.restart();

		await().atMost(RECOVERY).until(adapter::isSubscribed);
		await().atMost(RECOVERY).ignoreExceptions().until(lock::acquire);
		assertThat(lock.release()).isTrue();
	}

	private void assertFailsFast(ThrowingCallable operation) {
		long start = System.nanoTime();
		assertThatThrownBy(operation).isInstanceOf(LockBackendException.class)
			.cause()
			.isInstanceOf(DataAccessException.class);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(FAIL_WITHIN);
	}

	private LettuceConnectionFactory connect() {
		LettuceConnectionFactory connectionFactory = RedisTestConnections.connect(server.url());
		this.resources.add(connectionFactory::destroy);
		return connectionFactory;
	}

	private RedisLockAdapter adapter(LettuceConnectionFactory connectionFactory) {
		RedisLockAdapter adapter = new RedisLockAdapter(connectionFactory, this.settings);
		// Closed before the connection factories it uses.
		this.resources.add(0, adapter);
		return adapter;
	}

	private LockProvider provider(LockAdapter adapter) {
		return provider(adapter, Namespace.of("fault-" + UUID.randomUUID()));
	}

	private LockProvider provider(LockAdapter adapter, Namespace namespace) {
		LockProvider provider = LockProvider.builder(adapter).namespace(namespace).build();
		provider.addListener(LockUnexpectedErrorEvent.class, this.errors::add);
		return provider;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
