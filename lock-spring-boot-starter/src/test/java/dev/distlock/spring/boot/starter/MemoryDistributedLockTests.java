package dev.distlock.spring.boot.starter;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import dev.distlock.KeyAlreadyAcquiredException;
import dev.distlock.LockProvider;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.spring.DistributedLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The starter as an application meets it, on the memory adapter it picks without Redis. */
@SpringBootTest(properties = "distlock.namespace=memory-e2e")
class MemoryDistributedLockTests {

	@Autowired
	private Counter counter;

	@Autowired
	private Jobs jobs;

	@Autowired
	private LockProvider lockProvider;

	@Autowired
	private LockAdapter lockAdapter;

	@Test
	void startsOnTheMemoryAdapter() {
		assertThat(this.lockAdapter).isInstanceOf(MemoryLockAdapter.class);
	}

	@Test
	void noTwoCallersAreInsideTheSameKeyAtOnce() throws Exception {
		Concurrency.run(8, 250, () -> this.counter.increment("memory"));
		assertThat(this.counter.count()).isEqualTo(8 * 250);
		assertThat(this.counter.mostInside()).isEqualTo(1);
	}

	@Test
	void nonBlockingLoserGetsKeyAlreadyAcquired() throws Exception {
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch leave = new CountDownLatch(1);
		CompletableFuture<Void> winner = CompletableFuture.runAsync(() -> this.jobs.hold("report", inside, leave));
		assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
		try {
			assertThatExceptionOfType(KeyAlreadyAcquiredException.class)
				.isThrownBy(() -> this.jobs.hold("report", new CountDownLatch(1), new CountDownLatch(0)));
			// Another key is another lock.
			this.jobs.hold("invoice", new CountDownLatch(1), new CountDownLatch(0));
		}
		finally {
			leave.countDown();
		}
		winner.get(10, TimeUnit.SECONDS);
	}

	@Test
	void completableFutureHoldsTheLockUntilItCompletes() throws Exception {
		CompletableFuture<String> work = new CompletableFuture<>();
		CompletableFuture<String> result = this.jobs.later("async", work);
		assertThat(this.lockProvider.create("jobs:async").isLocked()).isTrue();
		work.complete("done");
		assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("done");
		assertThat(this.lockProvider.create("jobs:async").isLocked()).isFalse();
	}

	@Test
	void monoHoldsTheLockUntilItCompletes() {
		Sinks.One<String> work = Sinks.one();
		StepVerifier.create(this.jobs.reactive("reactive", work.asMono())).then(() -> {
			await().atMost(Duration.ofSeconds(10)).until(() -> this.lockProvider.create("jobs:reactive").isLocked());
			work.tryEmitValue("done");
		}).expectNext("done").verifyComplete();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.lockProvider.create("jobs:reactive").isLocked());
	}

	// As an application without Redis: this module's tests also have Redis on the classpath, for the Redis tests.
	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
	static class Application {

		@Bean
		Counter counter() {
			return new Counter();
		}

		@Bean
		Jobs jobs() {
			return new Jobs();
		}

	}

	static class Jobs {

		@DistributedLock(key = "'jobs:' + #name")
		public void hold(String name, CountDownLatch inside, CountDownLatch leave) {
			inside.countDown();
			try {
				leave.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@DistributedLock(key = "'jobs:' + #name")
		public CompletableFuture<String> later(String name, CompletableFuture<String> work) {
			return work;
		}

		@DistributedLock(key = "'jobs:' + #name")
		public Mono<String> reactive(String name, Mono<String> work) {
			return work;
		}

	}

}
