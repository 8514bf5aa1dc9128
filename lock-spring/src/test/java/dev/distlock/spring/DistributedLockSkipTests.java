package dev.distlock.spring;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import reactor.adapter.JdkFlowAdapter;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import dev.distlock.KeyAlreadyAcquiredException;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.spring.LockTestConfiguration.LockEvents;
import dev.distlock.spring.observation.ObservationLockObserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Calls that skip when the lock is held elsewhere, minimum holds, the reactive types adapted through Spring's
 * registry, keys with a null part, and releases that never run on the thread that completed the work.
 */
class DistributedLockSkipTests {

	private AnnotationConfigApplicationContext context;

	private Jobs jobs;

	private LockProvider provider;

	private LockEvents events;

	@BeforeEach
	void start() {
		this.context = new AnnotationConfigApplicationContext(Config.class);
		this.jobs = this.context.getBean(Jobs.class);
		this.provider = this.context.getBean(LockProvider.class);
		this.events = this.context.getBean(LockEvents.class);
	}

	@AfterEach
	void stop() {
		this.context.close();
	}

	private Lock holdElsewhere(String key) {
		Lock other = this.provider.create(key);
		assertThat(other.acquire()).isTrue();
		return other;
	}

	@Test
	void aSkippedCallDoesNotRunAndReturnsTheEmptyValueOfItsType() throws Exception {
		holdElsewhere("job");
		this.jobs.run();
		assertThat(this.jobs.optional()).isEmpty();
		assertThat(this.jobs.value()).isNull();
		assertThat(this.jobs.future().get(5, TimeUnit.SECONDS)).isNull();
		StepVerifier.create(this.jobs.mono()).verifyComplete();
		StepVerifier.create(this.jobs.flux()).verifyComplete();
		StepVerifier.create(JdkFlowAdapter.flowPublisherToFlux(this.jobs.flowPublisher())).verifyComplete();
		assertThat(this.jobs.runs()).isZero();
	}

	@Test
	void aSkippedAcquireIsCountedAsSkipped() {
		holdElsewhere("job");
		this.jobs.run();
		TestObservationRegistry registry = this.context.getBean(TestObservationRegistry.class);
		assertThat(registry).hasAnObservationWithAKeyValue("distlock.outcome", "skipped");
	}

	@Test
	void aCallThatGetsItsLockRunsAsUsual() {
		this.jobs.run();
		assertThat(this.jobs.optional()).contains("ran");
		StepVerifier.create(JdkFlowAdapter.flowPublisherToFlux(this.jobs.flowPublisher())).expectNext("a", "b")
			.verifyComplete();
		assertThat(this.jobs.runs()).isEqualTo(3);
	}

	@Test
	void throwingStaysTheDefault() {
		holdElsewhere("job");
		assertThatExceptionOfType(KeyAlreadyAcquiredException.class).isThrownBy(this.jobs::throwing);
	}

	@Test
	void aJdkFlowPublisherIsLockedUntilItCompletes() {
		Sinks.One<String> value = Sinks.one();
		// The acquire runs on Reactor's bounded-elastic threads after subscription: wait for it, then let the work end.
		StepVerifier.create(JdkFlowAdapter.flowPublisherToFlux(this.jobs.slowFlowPublisher(value.asMono())))
			.then(() -> await().atMost(Duration.ofSeconds(5)).until(() -> this.provider.create("job").isLocked()))
			.then(() -> value.tryEmitValue("x"))
			.expectNext("x")
			.verifyComplete();
		await().atMost(Duration.ofSeconds(5)).until(() -> !this.provider.create("job").isLocked());
	}

	@Test
	void aCallEndingBeforeItsMinimumHoldLeavesTheKeyHeldForTheRestOfIt() {
		this.jobs.heldAtLeast();
		Lock other = this.provider.create("held-at-least");
		assertThat(other.acquire()).isFalse();
		assertThat(other.getState()).isInstanceOf(dev.distlock.LockState.Unavailable.class);
		assertThat(this.events.releasedKeys()).containsExactly("held-at-least");
		// The second tick finds the key held and skips.
		this.jobs.heldAtLeast();
		assertThat(this.jobs.runs()).isEqualTo(1);
	}

	@Test
	void aKeyWithANullPartFailsTheCallAndLocksNothing() {
		assertThatExceptionOfType(InvalidDistributedLockException.class).isThrownBy(() -> this.jobs.seat("A", null))
			.withMessageContaining("null part")
			.withMessageContaining("seat");
		assertThat(this.events.acquiredKeys()).isEmpty();
		this.jobs.literalNull();
		assertThat(this.events.acquiredKeys()).containsExactly("state:null");
	}

	@Test
	void aFutureCompletedOnAnEventLoopIsReleasedOnTheReleaseThreads() throws Exception {
		CompletableFuture<String> work = new CompletableFuture<>();
		CompletableFuture<String> result = this.jobs.export(work);
		Thread eventLoop = new Thread(() -> work.complete("done"), "lettuce-nioEventLoop-4-1");
		eventLoop.start();
		assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("done");
		int released = this.events.events.indexOf(this.events.events.stream()
			.filter(LockReleasedEvent.class::isInstance)
			.findFirst()
			.orElseThrow());
		assertThat(this.events.threads.get(released)).startsWith("distlock-release-");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import(LockTestConfiguration.class)
	static class Config {

		@Bean
		TestObservationRegistry observationRegistry() {
			return TestObservationRegistry.create();
		}

		@Bean
		LockProvider lockProvider(LockEvents events, TestObservationRegistry registry) {
			LockProvider provider = LockProvider.builder(new MemoryLockAdapter())
				.namespace("skip-" + java.util.UUID.randomUUID())
				.observer(new ObservationLockObserver(registry, "memory"))
				.build();
			provider.addListener(events::record);
			return provider;
		}

		@Bean
		Jobs jobs() {
			return new Jobs();
		}

	}

	static class Jobs {

		private final AtomicInteger runs = new AtomicInteger();

		public int runs() {
			return this.runs.get();
		}

		@DistributedLock(key = "'job'", ifNotAcquired = NotAcquired.SKIP)
		public void run() {
			this.runs.incrementAndGet();
		}

		@DistributedLock(key = "'job'", ifNotAcquired = NotAcquired.SKIP)
		public Optional<String> optional() {
			this.runs.incrementAndGet();
			return Optional.of("ran");
		}

		@DistributedLock(key = "'job'", ifNotAcquired = NotAcquired.SKIP)
		public Integer value() {
			this.runs.incrementAndGet();
			return 1;
		}

		@DistributedLock(key = "'job'", ifNotAcquired = NotAcquired.SKIP)
		public CompletableFuture<String> future() {
			this.runs.incrementAndGet();
			return CompletableFuture.completedFuture("ran");
		}

		@DistributedLock(key = "'job'", ifNotAcquired = NotAcquired.SKIP)
		public Mono<String> mono() {
			return Mono.fromCallable(() -> {
				this.runs.incrementAndGet();
				return "ran";
			});
		}

		@DistributedLock(key = "'job'", ifNotAcquired = NotAcquired.SKIP)
		public Flux<String> flux() {
			return Flux.defer(() -> {
				this.runs.incrementAndGet();
				return Flux.just("ran");
			});
		}

		@DistributedLock(key = "'job'", ifNotAcquired = NotAcquired.SKIP)
		public Flow.Publisher<String> flowPublisher() {
			return JdkFlowAdapter.publisherToFlowPublisher(Flux.defer(() -> {
				this.runs.incrementAndGet();
				return Flux.just("a", "b");
			}));
		}

		@DistributedLock(key = "'job'")
		public Flow.Publisher<String> slowFlowPublisher(Mono<String> value) {
			return JdkFlowAdapter.publisherToFlowPublisher(value.flux());
		}

		@DistributedLock(key = "'job'")
		public void throwing() {
		}

		@DistributedLock(key = "'held-at-least'", ifNotAcquired = NotAcquired.SKIP, holdAtLeast = "30s")
		public void heldAtLeast() {
			this.runs.incrementAndGet();
		}

		@DistributedLock(key = "'seat:' + #row + ':' + #number")
		public void seat(String row, String number) {
		}

		@DistributedLock(key = "'state:null'")
		public void literalNull() {
		}

		@DistributedLock(key = "'exports'")
		public CompletableFuture<String> export(CompletableFuture<String> work) {
			return work;
		}

	}

}
