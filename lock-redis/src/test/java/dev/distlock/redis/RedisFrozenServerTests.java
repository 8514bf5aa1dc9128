package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.BlockingSettings;
import dev.distlock.Lock;
import dev.distlock.LockBackendException;
import dev.distlock.LockInterruptedException;
import dev.distlock.LockLostException;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.Namespace;
import dev.distlock.Renewal;
import dev.distlock.event.LockLostEvent;
import dev.distlock.test.InstrumentedLockAdapter;
import dev.distlock.test.redis.RedisServerProcess;

/**
 * A Redis that is alive but answers nothing: a private {@code redis-server} stopped with {@code SIGSTOP}, so its
 * connections stay open and commands go unanswered, the case a client's own timeout (10 seconds here) would make
 * slowest. Lock calls must fail after about the adapter's command timeout; blocking acquires must ride it out;
 * renewed locks must be reported lost once their TTL has run out without a confirmed renewal.
 */
class RedisFrozenServerTests {

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

	// Room for a busy two-core machine; the client's own timeout would take 10 seconds.
	private static final Duration MARGIN = Duration.ofMillis(800);

	private static final Duration RECOVERY = Duration.ofSeconds(30);

	private static RedisServerProcess server;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private ExecutorService executor;

	private RedisLockAdapter adapter;

	private InstrumentedLockAdapter calls;

	private LockProvider provider;

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
		this.executor = Executors.newCachedThreadPool();
		LettuceConnectionFactory connectionFactory = RedisTestConnections.connect(server.url());
		this.resources.add(connectionFactory::destroy);
		this.adapter = new RedisLockAdapter(connectionFactory,
				RedisLockAdapterSettings.defaults().withCommandTimeout(COMMAND_TIMEOUT));
		this.resources.add(0, this.adapter);
		this.calls = new InstrumentedLockAdapter(this.adapter);
		this.provider = LockProvider.builder(this.calls).namespace(Namespace.of("frozen-" + UUID.randomUUID())).build();
		this.resources.add(0, this.provider);
		// Connected and warm before any timing: the adapter bounds commands, not the opening of a first connection.
		assertThat(this.adapter.state("warm-up")).isEmpty();
	}

	@AfterEach
	void tearDown() throws Exception {
		server.thaw();
		this.executor.shutdownNow();
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void anAcquireOnAFrozenRedisFailsAfterAboutTheCommandTimeout() {
		Lock lock = this.provider.create("frozen", LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		assertThat(lock.acquire()).isTrue();
		assertThat(lock.release()).isTrue();

		server.freeze();

		long start = System.nanoTime();
		assertThatThrownBy(lock::acquire).isInstanceOf(LockBackendException.class)
			.cause()
			.isInstanceOf(QueryTimeoutException.class)
			.hasMessageContaining("commandTimeout");
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).isGreaterThanOrEqualTo(COMMAND_TIMEOUT).isLessThan(COMMAND_TIMEOUT.plus(MARGIN));

		server.thaw();
		// The timed-out acquire was sent, so it runs on the thawed server; the provider's undo frees it.
		String key = this.provider.getNamespace().qualify("frozen");
		await().atMost(RECOVERY).ignoreExceptions()
			.until(() -> this.calls.undoCalls() >= 1 && this.adapter.state(key).isEmpty());
		assertThat(lock.acquire()).isTrue();
		assertThat(lock.release()).isTrue();
	}

	@Test
	void aBlockingAcquireRetriesThroughAFreezeAndSucceedsWhenRedisThawsWithinItsWait() throws Exception {
		Lock lock = this.provider.create("thawed", LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		assertThat(lock.acquire()).isTrue();
		assertThat(lock.release()).isTrue();
		int before = this.calls.calls();

		server.freeze();
		long start = System.nanoTime();
		Future<Boolean> acquired = this.executor
			.submit(() -> lock.acquireBlocking(BlockingSettings.of(Duration.ofSeconds(6), Duration.ofMillis(250))));
		// Two calls: the first attempt timed out, and the wait went on instead of failing, under the same attempt id:
		// a late attempt that applied is adopted by the next one, never undone under the new holder's feet.
		await().atMost(Duration.ofSeconds(4)).until(() -> this.calls.calls() >= before + 2);
		assertThat(acquired).isNotDone();
		server.thaw();

		assertThat(acquired.get(5, TimeUnit.SECONDS)).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6).plus(MARGIN));
		long token = lock.getFencingToken().orElseThrow();
		// Really held, under the token the lock reports, once the thawed server has run every late command: the
		// state is read on the same shared connection, so after all of them.
		assertThat(this.adapter.state(this.provider.getNamespace().qualify("thawed")))
			.hasValueSatisfying((holder) -> assertThat(holder.token()).isEqualTo(token));
		assertThat(lock.release()).isTrue();
	}

	@Test
	void anInterruptWhileWaitingForAFrozenRedisEndsTheCallAsAnInterrupt() throws Exception {
		Lock lock = this.provider.create("interrupted", LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		server.freeze();
		CompletableFuture<Throwable> failure = new CompletableFuture<>();
		CompletableFuture<Boolean> flagSet = new CompletableFuture<>();
		Thread caller = new Thread(() -> {
			try {
				lock.acquire();
				failure.complete(null);
			}
			catch (Throwable ex) {
				flagSet.complete(Thread.currentThread().isInterrupted());
				failure.complete(ex);
			}
		});
		int before = this.calls.acquireCalls();
		long start = System.nanoTime();
		caller.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.calls.acquireCalls() > before);
		caller.interrupt();

		assertThat(failure.get(5, TimeUnit.SECONDS)).isInstanceOf(LockInterruptedException.class);
		assertThat(flagSet.get()).as("interrupt flag still set").isTrue();
		// Ended by the interrupt, not by the command timeout: well before it, unless the machine is very slow.
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(COMMAND_TIMEOUT.plus(MARGIN));
	}

	@Test
	void aRenewedLockWhoseRedisStaysFrozenPastItsTtlIsReportedLost() {
		List<LockLostEvent> lost = new CopyOnWriteArrayList<>();
		this.provider.addListener(LockLostEvent.class, lost::add);
		Lock lock = this.provider.create("renewed",
				LockSettings.defaults().withTtl(Duration.ofSeconds(1)).withRenewal(Renewal.ENABLED));
		assertThat(lock.acquire()).isTrue();
		long token = lock.getFencingToken().orElseThrow();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.calls.refreshAllCalls() >= 1);

		server.freeze();

		// Renewals time out until the TTL since the last confirmed one has run out: then the hold counts as lost at
		// once, even while the renewal still waits for the frozen server; the event follows when that call gives up.
		await().atMost(Duration.ofSeconds(1).plus(MARGIN)).until(lock::isLost);
		await().atMost(COMMAND_TIMEOUT.plus(MARGIN)).until(() -> !lost.isEmpty());
		assertThat(lost).singleElement().satisfies((event) -> {
			assertThat(event.lock()).isSameAs(lock);
			assertThat(event.token()).isEqualTo(token);
			assertThat(event.detection()).isEqualTo(LockLostEvent.Detection.RENEWAL_FAILED);
		});
		assertThat(lock.getFencingToken()).isEmpty();
		// The holder, paused as far as Redis is concerned, ends its work with the loss in hand.
		server.thaw();
		assertThatThrownBy(() -> lock.releaseAfterWork("report"))
			.isInstanceOfSatisfying(LockLostException.class, (ex) -> {
				assertThat(ex.getResult()).isEqualTo("report");
				assertThat(ex.getDetection()).isEqualTo(LockLostEvent.Detection.RENEWAL_FAILED);
			});
	}

}
