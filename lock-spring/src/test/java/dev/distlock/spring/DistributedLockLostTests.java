package dev.distlock.spring;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import dev.distlock.Lock;
import dev.distlock.LockLostException;
import dev.distlock.LockProvider;
import dev.distlock.Renewal;
import dev.distlock.event.LockLostEvent;
import dev.distlock.test.InstrumentedLockAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * Locks are never lost silently, on every return type: a method that outlives its lock's TTL while another holder
 * takes the key fails with {@link LockLostException} carrying its result; with renewal, the same method keeps the key
 * and returns normally; and a release that fails after success is logged, not thrown.
 */
class DistributedLockLostTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private AnnotationConfigApplicationContext context;

	private LosingService service;

	private LockProvider lockProvider;

	@BeforeEach
	void start() {
		this.context = new AnnotationConfigApplicationContext(Config.class);
		this.service = this.context.getBean(LosingService.class);
		this.lockProvider = this.context.getBean(LockProvider.class);
	}

	@AfterEach
	void stop() {
		this.context.close();
	}

	private static void assertLost(Throwable failure, Object result) {
		assertThat(failure).isInstanceOfSatisfying(LockLostException.class, (lost) -> {
			assertThat(lost.getResult()).isEqualTo(result);
			assertThat(lost.getDetection()).isEqualTo(LockLostEvent.Detection.RELEASE);
			assertThat(lost.getCause()).as("the work did not fail").isNull();
		});
	}

	private boolean isFree(String key) {
		return this.lockProvider.create(key).isExpired();
	}

	@Test
	void aSynchronousMethodWhoseLockWasTakenOverThrowsWithItsResult() {
		assertLost(catchThrowable(() -> this.service.synchronous("sync-lost")), "done");
	}

	@Test
	void aSynchronousMethodKeepsARenewedLockPastItsTtl() {
		assertThat(this.service.synchronousRenewed("sync-renewed")).isEqualTo("done");
		assertThat(isFree("sync-renewed")).isTrue();
	}

	@Test
	void aCompletionStageWhoseLockWasTakenOverFailsWithItsResult() {
		CompletableFuture<String> result = this.service.stage("stage-lost");
		Throwable failure = catchThrowable(() -> result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
		assertThat(failure).isInstanceOf(ExecutionException.class);
		assertLost(failure.getCause(), "done");
	}

	@Test
	void aCompletionStageKeepsARenewedLockPastItsTtl() throws Exception {
		assertThat(this.service.stageRenewed("stage-renewed").get(TIMEOUT.toSeconds(), TimeUnit.SECONDS))
			.isEqualTo("done");
		assertThat(isFree("stage-renewed")).isTrue();
	}

	@Test
	void aCompletionStageCompletesWithItsValueWhenTheReleaseFails() throws Exception {
		this.context.getBean(InstrumentedLockAdapter.class).failReleasesWith(new IllegalStateException("redis down"));
		assertThat(this.service.stageQuick().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("done");
	}

	@Test
	void aMonoWhoseLockWasTakenOverFailsWithItsValue() {
		StepVerifier.create(this.service.mono("mono-lost"))
			.expectErrorSatisfies((failure) -> assertLost(failure, "done"))
			.verify(TIMEOUT);
	}

	@Test
	void aMonoKeepsARenewedLockPastItsTtl() {
		StepVerifier.create(this.service.monoRenewed("mono-renewed"))
			.expectNext("done")
			.expectComplete()
			.verify(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> isFree("mono-renewed"));
	}

	@Test
	void aMonoEmitsItsValueWhenTheReleaseFails() {
		this.context.getBean(InstrumentedLockAdapter.class).failReleasesWith(new IllegalStateException("redis down"));
		StepVerifier.create(this.service.monoQuick()).expectNext("done").expectComplete().verify(TIMEOUT);
	}

	@Test
	void aFluxWhoseLockWasTakenOverFailsAfterItsElements() {
		StepVerifier.create(this.service.flux("flux-lost"))
			.expectNext(1, 2)
			// The elements have reached the subscriber already: the exception carries none.
			.expectErrorSatisfies((failure) -> assertLost(failure, null))
			.verify(TIMEOUT);
	}

	@Test
	void aFluxKeepsARenewedLockPastItsTtl() {
		StepVerifier.create(this.service.fluxRenewed("flux-renewed"))
			.expectNext(1, 2)
			.expectComplete()
			.verify(TIMEOUT);
		await().atMost(TIMEOUT).until(() -> isFree("flux-renewed"));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import(LockTestConfiguration.class)
	static class Config {

		@Bean
		LosingService losingService(LockProvider lockProvider) {
			return new LosingService(lockProvider);
		}

	}

	static class LosingService {

		private final LockProvider lockProvider;

		LosingService(LockProvider lockProvider) {
			this.lockProvider = lockProvider;
		}

		@DistributedLock(key = "#key", ttl = "200ms")
		public String synchronous(String key) {
			return waitUntilTakenOver(key);
		}

		@DistributedLock(key = "#key", ttl = "300ms", renewal = Renewal.ENABLED)
		public String synchronousRenewed(String key) {
			return outliveTheTtl(key);
		}

		@DistributedLock(key = "#key", ttl = "200ms")
		public CompletableFuture<String> stage(String key) {
			return CompletableFuture.supplyAsync(() -> waitUntilTakenOver(key));
		}

		@DistributedLock(key = "#key", ttl = "300ms", renewal = Renewal.ENABLED)
		public CompletableFuture<String> stageRenewed(String key) {
			return CompletableFuture.supplyAsync(() -> outliveTheTtl(key));
		}

		@DistributedLock(key = "'stage-quick'")
		public CompletableFuture<String> stageQuick() {
			return CompletableFuture.supplyAsync(() -> "done");
		}

		@DistributedLock(key = "#key", ttl = "200ms")
		public Mono<String> mono(String key) {
			return Mono.fromCallable(() -> waitUntilTakenOver(key));
		}

		@DistributedLock(key = "#key", ttl = "300ms", renewal = Renewal.ENABLED)
		public Mono<String> monoRenewed(String key) {
			return Mono.fromCallable(() -> outliveTheTtl(key));
		}

		@DistributedLock(key = "'mono-quick'")
		public Mono<String> monoQuick() {
			return Mono.just("done");
		}

		@DistributedLock(key = "#key", ttl = "200ms")
		public Flux<Integer> flux(String key) {
			return Flux.just(1, 2).concatWith(Mono.fromRunnable(() -> waitUntilTakenOver(key)));
		}

		@DistributedLock(key = "#key", ttl = "300ms", renewal = Renewal.ENABLED)
		public Flux<Integer> fluxRenewed(String key) {
			return Flux.just(1, 2).concatWith(Mono.fromRunnable(() -> outliveTheTtl(key)));
		}

		// Works until the lock's TTL has run out and another holder has taken the key.
		private String waitUntilTakenOver(String key) {
			Lock other = this.lockProvider.create(key);
			await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(20)).until(other::acquire);
			return "done";
		}

		// Works for more than three TTLs, checking all along that nobody else can take the key.
		private String outliveTheTtl(String key) {
			Lock other = this.lockProvider.create(key);
			await().during(Duration.ofSeconds(1)).atMost(TIMEOUT).pollInterval(Duration.ofMillis(50))
				.until(() -> !other.acquire());
			return "done";
		}

	}

}
