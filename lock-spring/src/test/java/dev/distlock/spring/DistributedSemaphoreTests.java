package dev.distlock.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import dev.distlock.KeyAlreadyAcquiredException;
import dev.distlock.LockProvider;
import dev.distlock.Semaphore;
import dev.distlock.SemaphoreLimitMismatchException;
import dev.distlock.SemaphoreProvider;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.MemorySemaphoreAdapter;
import dev.distlock.spring.LockTestConfiguration.LockEvents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link DistributedSemaphore @DistributedSemaphore} on the memory adapter: the limit across concurrent calls, skip or
 * throw when full, blocking, asynchronous results held until done, and no confusion with a lock of the same key.
 */
class DistributedSemaphoreTests {

	private AnnotationConfigApplicationContext context;

	private Pool pool;

	private SemaphoreProvider semaphores;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@BeforeEach
	void start() {
		this.context = new AnnotationConfigApplicationContext(Config.class);
		this.pool = this.context.getBean(Pool.class);
		this.semaphores = this.context.getBean(SemaphoreProvider.class);
	}

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
		this.context.close();
	}

	private int held(String key, int limit) {
		return this.semaphores.create(key, limit).getState().held();
	}

	// Two calls that stay inside until the latch opens; returns once both are in.
	private List<Future<?>> fill(CountDownLatch leave) throws InterruptedException {
		CountDownLatch entered = new CountDownLatch(2);
		List<Future<?>> calls = new ArrayList<>();
		for (int i = 0; i < 2; i++) {
			calls.add(this.executor.submit(() -> {
				this.pool.hold(entered, leave);
				return null;
			}));
		}
		assertThat(entered.await(5, TimeUnit.SECONDS)).as("both calls inside").isTrue();
		return calls;
	}

	@Test
	void limitCallsRunAtOnceAndTheNextOneThrows() throws Exception {
		CountDownLatch leave = new CountDownLatch(1);
		List<Future<?>> calls = fill(leave);
		assertThat(held("pool", 2)).isEqualTo(2);
		assertThatExceptionOfType(KeyAlreadyAcquiredException.class)
			.isThrownBy(() -> this.pool.hold(new CountDownLatch(1), new CountDownLatch(0)));
		leave.countDown();
		for (Future<?> call : calls) {
			call.get(5, TimeUnit.SECONDS);
		}
		assertThat(held("pool", 2)).isZero();
		this.pool.hold(new CountDownLatch(1), new CountDownLatch(0));
	}

	@Test
	void aSkippingCallReturnsEmptyWhenNoSlotIsFree() throws Exception {
		CountDownLatch leave = new CountDownLatch(1);
		fill(leave);
		assertThat(this.pool.skipping()).isEmpty();
		leave.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> held("pool", 2) == 0);
		assertThat(this.pool.skipping()).contains("ran");
	}

	@Test
	void aBlockingCallWaitsForAFreeSlot() throws Exception {
		CountDownLatch leave = new CountDownLatch(1);
		fill(leave);
		Future<String> waiting = this.executor.submit(this.pool::blocking);
		// Still waiting while both slots are held.
		await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
		leave.countDown();
		assertThat(waiting.get(5, TimeUnit.SECONDS)).isEqualTo("ran");
	}

	@Test
	void neverMoreThanTheLimitRunAtOnceUnderContention() throws Exception {
		int callers = 8;
		CyclicBarrier start = new CyclicBarrier(callers);
		List<Future<String>> calls = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			calls.add(this.executor.submit(() -> {
				start.await(5, TimeUnit.SECONDS);
				return this.pool.counted();
			}));
		}
		for (Future<String> call : calls) {
			assertThat(call.get(30, TimeUnit.SECONDS)).isEqualTo("ran");
		}
		assertThat(this.pool.maxInside()).isBetween(1, 2);
		assertThat(this.pool.runs()).isEqualTo(callers);
	}

	@Test
	void aCompletionStageHoldsItsSlotUntilItCompletes() throws Exception {
		CompletableFuture<String> work = new CompletableFuture<>();
		CompletableFuture<String> result = this.pool.future(work);
		assertThat(held("async", 1)).isOne();
		assertThat(result).isNotDone();
		work.complete("done");
		assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("done");
		assertThat(held("async", 1)).isZero();
	}

	@Test
	void aMonoHoldsItsSlotFromSubscriptionUntilItCompletes() {
		Sinks.One<String> value = Sinks.one();
		StepVerifier.create(this.pool.mono(value.asMono()))
			.then(() -> await().atMost(Duration.ofSeconds(5)).until(() -> held("async", 1) == 1))
			.then(() -> value.tryEmitValue("done"))
			.expectNext("done")
			.verifyComplete();
		assertThat(held("async", 1)).isZero();
	}

	@Test
	void aFluxHoldsItsSlotUntilItCompletesAndASecondSubscriptionIsRefusedMeanwhile() {
		Sinks.Many<String> values = Sinks.many().unicast().onBackpressureBuffer();
		StepVerifier.create(this.pool.flux(values.asFlux()))
			.then(() -> await().atMost(Duration.ofSeconds(5)).until(() -> held("async", 1) == 1))
			.then(() -> StepVerifier.create(this.pool.flux(Flux.just("other")))
				.expectError(KeyAlreadyAcquiredException.class)
				.verify(Duration.ofSeconds(5)))
			.then(() -> values.tryEmitNext("a"))
			.expectNext("a")
			.then(values::tryEmitComplete)
			.verifyComplete();
		assertThat(held("async", 1)).isZero();
	}

	@Test
	void aSlotIsNeverTheHoldOfALockOfTheSameKeyNorTheOtherWayRound() {
		LockEvents events = this.context.getBean(LockEvents.class);
		assertThat(this.pool.slotInsideLock()).isEqualTo("inner ran");
		// The lock was acquired by the outer call, the slot by the inner one: both, each in its own storage.
		assertThat(events.acquiredKeys()).containsExactly("shared");
		assertThat(held("shared", 1)).isZero();
		assertThat(this.pool.lockInsideSlot()).isEqualTo("inner ran");
		assertThat(events.acquiredKeys()).containsExactly("shared", "shared");
	}

	@Test
	void aNestedCallOnTheSameSemaphoreRunsUnderTheEnclosingSlot() {
		assertThat(this.pool.nested()).isEqualTo(1);
		assertThat(held("nested", 1)).isZero();
	}

	@Test
	void aNestedCallOfAnotherLimitOnTheSameKeyIsRefusedInsteadOfRunningUnderTheWiderSlot() {
		assertThatThrownBy(this.pool::nestedNarrower).isInstanceOfSatisfying(SemaphoreLimitMismatchException.class,
				(ex) -> {
					assertThat(ex.getLimit()).isEqualTo(1);
					assertThat(ex.getRecordedLimit()).isEqualTo(5);
				});
		assertThat(held("widening", 5)).isZero();
	}

	@Test
	void codeInsideASemaphoreCallSeesNoCurrentLock() {
		assertThat(this.pool.currentLockInsideSlot()).isEmpty();
	}

	@Test
	void aSlotWithTtlNeverDoesNotExpireAndOneWithATtlHasIt() {
		assertThat(this.pool.remainingOfNeverExpiring()).isEmpty();
		assertThat(this.pool.remainingOfExpiring()).hasValueSatisfying(
				(remaining) -> assertThat(remaining).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30)));
	}

	@Test
	void anotherLimitWhileSlotsAreHeldFails() {
		Semaphore held = this.semaphores.create("pool", 3);
		assertThat(held.acquire()).isTrue();
		assertThatExceptionOfType(SemaphoreLimitMismatchException.class)
			.isThrownBy(() -> this.pool.hold(new CountDownLatch(1), new CountDownLatch(0)));
	}

	@Test
	void onAClassItHoldsASlotForEveryPublicMethod() {
		ClassLevel classLevel = this.context.getBean(ClassLevel.class);
		assertThat(classLevel.held()).isOne();
		assertThat(held("class-level", 1)).isZero();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks(proxyTargetClass = true)
	@Import({ LockTestConfiguration.class, SemaphoreTestConfiguration.class })
	static class Config {

		@Bean
		Pool pool(SemaphoreProvider semaphores, LockProvider locks) {
			return new Pool(semaphores, locks);
		}

		@Bean
		ClassLevel classLevel(SemaphoreProvider semaphores) {
			return new ClassLevel(semaphores);
		}

	}

	static class Pool {

		final AtomicInteger inside = new AtomicInteger();

		final AtomicInteger maxInside = new AtomicInteger();

		final AtomicInteger runs = new AtomicInteger();

		private final SemaphoreProvider semaphores;

		private final LockProvider locks;

		// For the proxy, which nested calls go through.
		@Autowired
		private ApplicationContext context;

		Pool(SemaphoreProvider semaphores, LockProvider locks) {
			this.semaphores = semaphores;
			this.locks = locks;
		}

		// Through methods: the test holds the class proxy, whose own fields are unset.
		public int maxInside() {
			return this.maxInside.get();
		}

		public int runs() {
			return this.runs.get();
		}

		private Pool self() {
			return this.context.getBean(Pool.class);
		}

		@DistributedSemaphore(key = "'pool'", limit = 2)
		public void hold(CountDownLatch entered, CountDownLatch leave) throws InterruptedException {
			entered.countDown();
			assertThat(leave.await(10, TimeUnit.SECONDS)).isTrue();
		}

		@DistributedSemaphore(key = "'pool'", limit = 2, ifNotAcquired = NotAcquired.SKIP)
		public Optional<String> skipping() {
			return Optional.of("ran");
		}

		@DistributedSemaphore(key = "'pool'", limit = 2, blocking = true, waitTime = "10s")
		public String blocking() {
			return "ran";
		}

		@DistributedSemaphore(key = "'contended'", limit = 2, blocking = true, waitTime = "30s", interval = "5ms")
		public String counted() {
			int now = this.inside.incrementAndGet();
			this.maxInside.accumulateAndGet(now, Math::max);
			// Stay inside a moment, without sleeping: long enough for others to try their luck.
			for (int i = 0; i < 200; i++) {
				Thread.yield();
			}
			int seen = this.maxInside.get();
			assertThat(seen).as("calls inside at once").isLessThanOrEqualTo(2);
			this.inside.decrementAndGet();
			this.runs.incrementAndGet();
			return "ran";
		}

		@DistributedSemaphore(key = "'async'", limit = 1)
		public CompletableFuture<String> future(CompletableFuture<String> work) {
			return work;
		}

		@DistributedSemaphore(key = "'async'", limit = 1)
		public Mono<String> mono(Mono<String> work) {
			return work;
		}

		@DistributedSemaphore(key = "'async'", limit = 1)
		public Flux<String> flux(Flux<String> work) {
			return work;
		}

		@DistributedLock(key = "'shared'")
		public String slotInsideLock() {
			return self().slot();
		}

		@DistributedSemaphore(key = "'shared'", limit = 1)
		public String slot() {
			Semaphore semaphore = this.semaphores.create("shared", 1);
			assertThat(semaphore.getState().held()).as("the slot is taken, not the lock's hold reused").isOne();
			assertThat(this.locks.create("shared").isLocked()).as("the enclosing lock").isTrue();
			return "inner ran";
		}

		@DistributedSemaphore(key = "'shared'", limit = 1)
		public String lockInsideSlot() {
			return self().lock();
		}

		@DistributedLock(key = "'shared'")
		public String lock() {
			assertThat(this.semaphores.create("shared", 1).getState().held()).isOne();
			assertThat(CurrentLock.get().getKey()).isEqualTo("shared");
			return "inner ran";
		}

		@DistributedSemaphore(key = "'nested'", limit = 1)
		public int nested() {
			return self().nestedInner();
		}

		@DistributedSemaphore(key = "'nested'", limit = 1)
		public int nestedInner() {
			return this.semaphores.create("nested", 1).getState().held();
		}

		@DistributedSemaphore(key = "'widening'", limit = 5)
		public int nestedNarrower() {
			return self().narrower();
		}

		@DistributedSemaphore(key = "'widening'", limit = 1)
		public int narrower() {
			return this.semaphores.create("widening", 1).getState().held();
		}

		@DistributedSemaphore(key = "'current'", limit = 1)
		public Optional<?> currentLockInsideSlot() {
			return CurrentLock.find();
		}

		@DistributedSemaphore(key = "'never'", limit = 2, ttl = "never")
		public Optional<Duration> remainingOfNeverExpiring() {
			return ownSlot("never");
		}

		@DistributedSemaphore(key = "'expiring'", limit = 2, ttl = "30s")
		public Optional<Duration> remainingOfExpiring() {
			return ownSlot("expiring");
		}

		// The one slot held is this call's, whose owner the interceptor made: read it from the adapter.
		private Optional<Duration> ownSlot(String key) {
			List<LockHolder> holders = this.context.getBean(MemorySemaphoreAdapter.class)
				.holders(this.semaphores.getNamespace().qualify(key))
				.holders();
			assertThat(holders).hasSize(1);
			return Optional.ofNullable(holders.get(0).remainingTime());
		}

	}

	@DistributedSemaphore(key = "'class-level'", limit = 1)
	static class ClassLevel {

		private final SemaphoreProvider semaphores;

		ClassLevel(SemaphoreProvider semaphores) {
			this.semaphores = semaphores;
		}

		public int held() {
			return this.semaphores.create("class-level", 1).getState().held();
		}

	}

}
