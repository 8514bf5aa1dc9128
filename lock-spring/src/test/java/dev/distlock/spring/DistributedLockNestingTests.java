package dev.distlock.spring;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import dev.distlock.KeyAlreadyAcquiredException;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.spring.LockTestConfiguration.LockEvents;
import dev.distlock.test.InstrumentedLockAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Nested locked calls on the key of an enclosing call reuse its hold, once acquired and once released; other threads
 * still exclude each other; and the method reaches its lock through {@link CurrentLock}.
 */
class DistributedLockNestingTests {

	private AnnotationConfigApplicationContext context;

	private Outer outer;

	private LockEvents events;

	private InstrumentedLockAdapter adapter;

	private final ExecutorService otherThread = Executors.newSingleThreadExecutor();

	@BeforeEach
	void start() {
		this.context = new AnnotationConfigApplicationContext(Config.class);
		this.outer = this.context.getBean(Outer.class);
		this.events = this.context.getBean(LockEvents.class);
		this.adapter = this.context.getBean(InstrumentedLockAdapter.class);
	}

	@AfterEach
	void stop() {
		this.otherThread.shutdownNow();
		this.context.close();
	}

	@Test
	void aNestedCallOnTheSameKeyReusesTheHoldAndTheOutermostReleasesOnce() {
		int before = this.adapter.acquireCalls();
		assertThat(this.outer.ship(42)).isEqualTo("shipped 42 under one lock");
		assertThat(this.adapter.acquireCalls() - before).isEqualTo(1);
		assertThat(this.events.acquiredKeys()).containsExactly("orders:42");
		assertThat(this.events.releasedKeys()).containsExactly("orders:42");
	}

	@Test
	void aNestedCallOnAnotherKeyTakesItsOwnLock() {
		this.outer.shipAndInvoice(7);
		assertThat(this.events.acquiredKeys()).containsExactly("orders:7", "invoices:7");
		assertThat(this.events.releasedKeys()).containsExactly("invoices:7", "orders:7");
	}

	@Test
	void anotherThreadStillWaitsForTheKey() throws Exception {
		assertThat(this.outer.withOtherThread(5, () -> this.otherThread.submit(() -> this.outer.inner().pack(5))))
			.isInstanceOf(KeyAlreadyAcquiredException.class);
	}

	@Test
	void theMethodReachesItsLockAndItsTokenAndCanRefreshIt() {
		Observed observed = this.outer.observe(9);
		assertThat(observed.key()).isEqualTo("orders:9");
		assertThat(observed.token()).isPresent();
		assertThat(observed.refreshed()).isTrue();
		assertThat(observed.innerSawSameLock()).isTrue();
		assertThat(CurrentLock.find()).isEmpty();
		assertThatIllegalStateException().isThrownBy(CurrentLock::get).withMessageContaining("No @DistributedLock");
		assertThatIllegalStateException().isThrownBy(CurrentLock::assertHeld);
	}

	@Test
	void aNestedMonoOnTheSameKeyReusesTheHoldAlongTheReactorContext() {
		int before = this.adapter.acquireCalls();
		StepVerifier.create(this.outer.shipReactively(3)).expectNext("orders:3 twice").verifyComplete();
		assertThat(this.adapter.acquireCalls() - before).isEqualTo(1);
		assertThat(this.events.releasedKeys()).containsExactly("orders:3");
	}

	@Test
	void aNestedFutureThatOutlivesTheOuterCallKeepsTheKeyUntilItCompletes() throws Exception {
		CompletableFuture<String> work = new CompletableFuture<>();
		AtomicReference<CompletableFuture<String>> started = new AtomicReference<>();
		this.outer.startAsync(4, work, started);
		CompletableFuture<String> nested = started.get();
		assertThat(this.events.releasedKeys()).as("the outer call ended; its nested work has not").isEmpty();
		assertThat(this.context.getBean(LockProvider.class).create("orders:4").isLocked()).isTrue();
		work.complete("done");
		assertThat(nested.get(5, TimeUnit.SECONDS)).isEqualTo("done");
		assertThat(this.events.releasedKeys()).containsExactly("orders:4");
	}

	@Test
	void runMethodsThroughTheProviderOnTheHeldKeyRunUnderTheEnclosingHold() {
		int before = this.adapter.acquireCalls();
		assertThat(this.outer.shipThroughTheProvider(8)).isEqualTo("packed 8, and blocked for nobody");
		assertThat(this.adapter.acquireCalls() - before).isEqualTo(1);
		assertThat(this.events.acquiredKeys()).containsExactly("orders:8");
		assertThat(this.events.releasedKeys()).containsExactly("orders:8");
		// Outside any locked call the same code acquires for real.
		assertThat(this.context.getBean(LockProvider.class).create("orders:8").runOrFail(() -> "alone"))
			.isEqualTo("alone");
		assertThat(this.events.acquiredKeys()).containsExactly("orders:8", "orders:8");
	}

	record Observed(String key, OptionalLong token, boolean refreshed, boolean innerSawSameLock) {
	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import(LockTestConfiguration.class)
	static class Config {

		@Bean
		Inner inner() {
			return new Inner();
		}

		@Bean
		Outer outer(Inner inner, LockProvider provider) {
			return new Outer(inner, provider);
		}

	}

	static class Outer {

		private final Inner inner;

		private final LockProvider provider;

		Outer(Inner inner, LockProvider provider) {
			this.inner = inner;
			this.provider = provider;
		}

		Inner inner() {
			return this.inner;
		}

		@DistributedLock(key = "'orders:' + #id")
		public String ship(long id) {
			return "shipped " + this.inner.pack(id) + " under " + (CurrentLock.get().isLocked() ? "one lock" : "none");
		}

		@DistributedLock(key = "'orders:' + #id")
		public void shipAndInvoice(long id) {
			this.inner.invoice(id);
		}

		@DistributedLock(key = "'orders:' + #id")
		public Throwable withOtherThread(long id, java.util.concurrent.Callable<Future<?>> start) throws Exception {
			try {
				start.call().get(5, TimeUnit.SECONDS);
				return null;
			}
			catch (java.util.concurrent.ExecutionException ex) {
				return ex.getCause();
			}
		}

		@DistributedLock(key = "'orders:' + #id", ttl = "1m")
		public Observed observe(long id) {
			CurrentLock.assertHeld();
			Lock lock = CurrentLock.get();
			return new Observed(lock.getKey(), lock.getFencingToken(), lock.refresh(Duration.ofMinutes(2)),
					this.inner.current(id) == lock);
		}

		@DistributedLock(key = "'orders:' + #id")
		public Mono<String> shipReactively(long id) {
			return Mono.deferContextual((context) -> Mono.just(context.get(CurrentLock.CONTEXT_KEY)))
				.cast(Lock.class)
				.flatMap((lock) -> this.inner.packReactively(id).map((key) -> lock.getKey() + " twice"));
		}

		@DistributedLock(key = "'orders:' + #id")
		public String shipThroughTheProvider(long id) {
			LockProvider provider = this.provider;
			// Would wait 30 seconds for its own caller and fail, were the enclosing hold not reused.
			return provider.create("orders:" + id)
				.runBlockingOrFail(() -> "packed " + id + ", and blocked for nobody",
						dev.distlock.BlockingSettings.of(Duration.ofSeconds(30), Duration.ofSeconds(30)));
		}

		@DistributedLock(key = "'orders:' + #id")
		public void startAsync(long id, CompletableFuture<String> work,
				AtomicReference<CompletableFuture<String>> started) {
			started.set(this.inner.later(id, work));
		}

	}

	static class Inner {

		@DistributedLock(key = "'orders:' + #id")
		public long pack(long id) {
			return id;
		}

		@DistributedLock(key = "'invoices:' + #id")
		public void invoice(long id) {
		}

		@DistributedLock(key = "'orders:' + #id")
		public Lock current(long id) {
			return CurrentLock.get();
		}

		@DistributedLock(key = "'orders:' + #id")
		public Mono<String> packReactively(long id) {
			return Mono.deferContextual((context) -> Mono.just(((Lock) context.get(CurrentLock.CONTEXT_KEY)).getKey()));
		}

		@DistributedLock(key = "'orders:' + #id")
		public CompletableFuture<String> later(long id, CompletableFuture<String> work) {
			return work;
		}

	}

}
