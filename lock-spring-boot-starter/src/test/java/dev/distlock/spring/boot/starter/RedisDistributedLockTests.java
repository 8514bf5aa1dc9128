package dev.distlock.spring.boot.starter;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import dev.distlock.KeyAlreadyAcquiredException;
import dev.distlock.Lock;
import dev.distlock.LockLostException;
import dev.distlock.LockProvider;
import dev.distlock.Renewal;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.event.LockLostEvent;
import dev.distlock.redis.RedisLockAdapter;
import dev.distlock.spring.DistributedLock;
import dev.distlock.test.redis.TestRedis;
import dev.distlock.test.redis.TestRedisEndpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The starter on a real Redis, which {@code distlock.adapter=auto} picks because Spring Boot configures a connection
 * factory. Two application contexts stand for two instances of the application.
 */
@SpringBootTest(classes = RedisDistributedLockTests.Application.class)
class RedisDistributedLockTests {

	// Random per run: the Redis is shared with other test runs.
	private static final String NAMESPACE = "distlock-e2e-" + UUID.randomUUID();

	// One counter behind both instances' proxies, so only Redis can keep their callers apart.
	private static final Counter SHARED_COUNTER = new Counter();

	private static TestRedisEndpoint redis;

	@Autowired
	private Counter counter;

	@Autowired
	private Jobs jobs;

	@Autowired
	private LockProvider lockProvider;

	@Autowired
	private LockAdapter lockAdapter;

	@BeforeAll
	static void findRedis() {
		redis = TestRedis.endpoint();
	}

	@DynamicPropertySource
	static void redisProperties(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> redis.url());
		registry.add("distlock.namespace", () -> NAMESPACE);
	}

	@Test
	void autoPicksRedis() {
		assertThat(this.lockAdapter).isInstanceOf(RedisLockAdapter.class);
	}

	@Test
	void noTwoCallersOfTwoInstancesAreInsideTheSameKeyAtOnce() throws Exception {
		try (ConfigurableApplicationContext other = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.properties("spring.data.redis.url=" + redis.url(), "distlock.namespace=" + NAMESPACE)
			.run()) {
			Counter otherCounter = other.getBean(Counter.class);
			assertThat(otherCounter).isNotSameAs(this.counter);
			AtomicInteger calls = new AtomicInteger();
			Concurrency.run(6, 40, () -> {
				// Every other call through the other instance.
				Counter instance = (calls.getAndIncrement() % 2 == 0) ? this.counter : otherCounter;
				instance.increment("redis");
			});
		}
		assertThat(SHARED_COUNTER.count()).isEqualTo(6 * 40);
		assertThat(SHARED_COUNTER.mostInside()).isEqualTo(1);
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
		}
		finally {
			leave.countDown();
		}
		winner.get(10, TimeUnit.SECONDS);
		assertThat(this.lockProvider.create("jobs:report").isLocked()).isFalse();
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

	@Test
	void aMethodWhoseLockExpiredAndWasTakenOverFailsWithLockLostCarryingItsResult() {
		assertThatExceptionOfType(LockLostException.class).isThrownBy(() -> this.jobs.outlive("lost"))
			.satisfies((lost) -> {
				assertThat(lost.getResult()).isEqualTo("done");
				assertThat(lost.getDetection()).isEqualTo(LockLostEvent.Detection.RELEASE);
			});
	}

	@Test
	void aRenewedMethodKeepsItsKeyPastItsTtl() {
		assertThat(this.jobs.renewed("renewed")).isEqualTo("done");
		assertThat(this.lockProvider.create("jobs:renewed").isLocked()).isFalse();
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@Bean
		Counter counter() {
			return SHARED_COUNTER;
		}

		@Bean
		Jobs jobs(LockProvider lockProvider) {
			return new Jobs(lockProvider);
		}

	}

	static class Jobs {

		private final LockProvider lockProvider;

		Jobs(LockProvider lockProvider) {
			this.lockProvider = lockProvider;
		}

		@DistributedLock(key = "'jobs:' + #name", ttl = "30s")
		public void hold(String name, CountDownLatch inside, CountDownLatch leave) {
			inside.countDown();
			try {
				leave.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@DistributedLock(key = "'jobs:' + #name", ttl = "30s")
		public Mono<String> reactive(String name, Mono<String> work) {
			return work;
		}

		// Works until Redis has expired the lock and another owner holds the key. TTLs here leave room for a stall
		// on a loaded machine: an acquire answered after its TTL would count as not acquired.
		@DistributedLock(key = "'jobs:' + #name", ttl = "1s")
		public String outlive(String name) {
			Lock other = this.lockProvider.create("jobs:" + name);
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(other::acquire);
			return "done";
		}

		// Works more than three TTLs, checking all along that no other owner can take the key.
		@DistributedLock(key = "'jobs:' + #name", ttl = "600ms", renewal = Renewal.ENABLED)
		public String renewed(String name) {
			Lock other = this.lockProvider.create("jobs:" + name);
			await().during(Duration.ofSeconds(2))
				.atMost(Duration.ofSeconds(10))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> !other.acquire());
			return "done";
		}

	}

}
