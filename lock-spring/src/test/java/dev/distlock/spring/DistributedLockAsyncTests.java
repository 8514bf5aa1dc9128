package dev.distlock.spring;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import dev.distlock.KeyAlreadyAcquiredException;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.spring.LockTestConfiguration.LockEvents;
import dev.distlock.test.InstrumentedLockAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Asynchronous results: the lock is held until the work completes, not merely until the method returns. */
class DistributedLockAsyncTests {

	private AnnotationConfigApplicationContext context;

	private AsyncService service;

	private LockProvider lockProvider;

	private LockEvents events;

	@BeforeEach
	void start() {
		this.context = new AnnotationConfigApplicationContext(Config.class);
		this.service = this.context.getBean(AsyncService.class);
		this.lockProvider = this.context.getBean(LockProvider.class);
		this.events = this.context.getBean(LockEvents.class);
	}

	@AfterEach
	void stop() {
		this.context.close();
	}

	private boolean isLocked() {
		return this.lockProvider.create("async").isLocked();
	}

	@Test
	void completableFutureHoldsTheLockUntilItCompletes() throws Exception {
		CompletableFuture<String> work = new CompletableFuture<>();
		CompletableFuture<String> result = this.service.future(work);
		assertThat(isLocked()).as("held after the method returned").isTrue();
		work.complete("done");
		assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("done");
		assertThat(isLocked()).as("released when the result completed").isFalse();
	}

	@Test
	void completionStageReleasesWhenItFails() {
		CompletableFuture<String> work = new CompletableFuture<>();
		CompletionStage<String> result = this.service.stage(work);
		assertThat(isLocked()).isTrue();
		work.completeExceptionally(new IllegalStateException("boom"));
		assertThat(result.toCompletableFuture()).failsWithin(Duration.ofSeconds(5));
		assertThat(isLocked()).isFalse();
	}

	@Test
	void completableFutureCallThrowsWhenTheKeyIsHeld() {
		Lock other = this.lockProvider.create("async");
		other.acquireOrFail();
		assertThatExceptionOfType(KeyAlreadyAcquiredException.class)
			.isThrownBy(() -> this.service.future(new CompletableFuture<>()));
		assertThat(this.service.calls()).isEqualTo(0);
	}

	@Test
	void completableFutureReleasesWhenTheMethodThrows() {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> this.service.future(null));
		assertThat(isLocked()).isFalse();
	}

	@Test
	void monoAcquiresOnSubscriptionOffTheCallingThreadAndHoldsUntilCompletion() {
		Sinks.One<String> work = Sinks.one();
		Mono<String> result = this.service.mono(work.asMono());
		assertThat(isLocked()).as("nothing happens before subscription").isFalse();
		assertThat(this.service.calls()).isEqualTo(0);
		StepVerifier.create(result).then(() -> {
			await().atMost(Duration.ofSeconds(5)).until(this::isLocked);
			assertThat(this.service.calls()).isEqualTo(1);
			work.tryEmitValue("done");
		}).expectNext("done").verifyComplete();
		await().atMost(Duration.ofSeconds(5)).until(() -> !isLocked());
		// Acquired on bounded-elastic, released on the interceptor's release threads: never on the caller's.
		assertThat(this.events.threads).isNotEmpty()
			.allMatch((thread) -> thread.startsWith("boundedElastic") || thread.startsWith("distlock-release"));
	}

	@Test
	void monoReleasesWhenCancelled() {
		Disposable subscription = this.service.mono(Sinks.<String>one().asMono()).subscribe();
		await().atMost(Duration.ofSeconds(5)).until(this::isLocked);
		subscription.dispose();
		await().atMost(Duration.ofSeconds(5)).until(() -> !isLocked());
	}

	@Test
	void monoCancelledWhileWaitingForTheLockDoesNotKeepIt() {
		Lock other = this.lockProvider.create("async");
		other.acquireOrFail();
		InstrumentedLockAdapter adapter = this.context.getBean(InstrumentedLockAdapter.class);
		Disposable subscription = this.service.monoWaiting(Mono.just("never")).subscribe();
		await().atMost(Duration.ofSeconds(5)).until(() -> adapter.acquireThreads().stream()
			.anyMatch((thread) -> thread.startsWith("boundedElastic")));
		subscription.dispose();
		other.release();
		// Whether the wait was interrupted or went on to acquire, the key must end up free, and stay free.
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !isLocked());
		assertThat(this.service.calls()).isZero();
	}

	@Test
	void monoSignalsTheFailedAcquireAsAnError() {
		Lock other = this.lockProvider.create("async");
		other.acquireOrFail();
		StepVerifier.create(this.service.mono(Mono.just("never"))).verifyError(KeyAlreadyAcquiredException.class);
		assertThat(this.service.calls()).isEqualTo(0);
	}

	@Test
	void monoAcquiresAgainOnEachSubscription() {
		Mono<String> result = this.service.mono(Mono.just("done"));
		StepVerifier.create(result).expectNext("done").verifyComplete();
		StepVerifier.create(result).expectNext("done").verifyComplete();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.events.releasedKeys().size() == 2);
		assertThat(this.events.acquiredKeys()).containsExactly("async", "async");
		assertThat(this.service.calls()).isEqualTo(2);
	}

	@Test
	void fluxHoldsTheLockUntilItCompletes() {
		Sinks.Many<Integer> work = Sinks.many().unicast().onBackpressureBuffer();
		StepVerifier.create(this.service.flux(work.asFlux())).then(() -> {
			await().atMost(Duration.ofSeconds(5)).until(this::isLocked);
			work.tryEmitNext(1);
		}).expectNext(1).then(() -> {
			assertThat(isLocked()).isTrue();
			work.tryEmitNext(2);
			work.tryEmitComplete();
		}).expectNext(2).verifyComplete();
		await().atMost(Duration.ofSeconds(5)).until(() -> !isLocked());
	}

	@Test
	void fluxReleasesWhenItFails() {
		StepVerifier.create(this.service.flux(Flux.error(new IllegalStateException("boom"))))
			.verifyError(IllegalStateException.class);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.events.releasedKeys().size() == 1);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import(LockTestConfiguration.class)
	static class Config {

		@Bean
		AsyncService asyncService() {
			return new AsyncService();
		}

	}

	static class AsyncService {

		private final AtomicInteger calls = new AtomicInteger();

		public int calls() {
			return this.calls.get();
		}

		@DistributedLock(key = "'async'")
		public CompletableFuture<String> future(CompletableFuture<String> work) {
			this.calls.incrementAndGet();
			if (work == null) {
				throw new IllegalStateException("no work");
			}
			return work;
		}

		@DistributedLock(key = "'async'")
		public CompletionStage<String> stage(CompletableFuture<String> work) {
			return work;
		}

		@DistributedLock(key = "'async'")
		public Mono<String> mono(Mono<String> work) {
			this.calls.incrementAndGet();
			return work;
		}

		@DistributedLock(key = "'async'", blocking = true, waitTime = "10s", interval = "20ms")
		public Mono<String> monoWaiting(Mono<String> work) {
			this.calls.incrementAndGet();
			return work;
		}

		@DistributedLock(key = "'async'")
		public Flux<Integer> flux(Flux<Integer> work) {
			return work;
		}

	}

}
