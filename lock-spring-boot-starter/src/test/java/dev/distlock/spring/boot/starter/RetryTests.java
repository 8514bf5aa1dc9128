package dev.distlock.spring.boot.starter;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.resilience.annotation.EnableResilientMethods;
import org.springframework.resilience.annotation.Retryable;

import dev.distlock.KeyAlreadyAcquiredException;
import dev.distlock.Lock;
import dev.distlock.LockListenable;
import dev.distlock.LockProvider;
import dev.distlock.event.LockUnavailableEvent;
import dev.distlock.spring.DistributedLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Retrying a failed acquire with Spring Framework's own {@code @Retryable}: it wraps the lock, so each retry acquires anew. */
@SpringBootTest(properties = "distlock.namespace=retry-e2e")
class RetryTests {

	@Autowired
	private Reports reports;

	@Autowired
	private LockProvider lockProvider;

	@Autowired
	private LockListenable locks;

	@Test
	void retriesTheAcquireUntilTheKeyIsFree() throws Exception {
		AtomicInteger unavailable = new AtomicInteger();
		this.locks.addListener(LockUnavailableEvent.class, (event) -> unavailable.incrementAndGet());
		Lock holder = this.lockProvider.create("reports:daily");
		holder.acquireOrFail();
		CompletableFuture<String> call = CompletableFuture.supplyAsync(() -> this.reports.build("daily"));
		await().atMost(Duration.ofSeconds(10)).until(() -> unavailable.get() >= 2);
		assertThat(this.reports.runs()).isZero();
		holder.release();
		assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("report daily");
		assertThat(this.reports.runs()).isEqualTo(1);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration(excludeName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
	@EnableResilientMethods
	static class Application {

		@Bean
		Reports reports() {
			return new Reports();
		}

	}

	static class Reports {

		private final AtomicInteger runs = new AtomicInteger();

		@Retryable(includes = KeyAlreadyAcquiredException.class, maxRetries = 100, delay = 20)
		@DistributedLock(key = "'reports:' + #name")
		public String build(String name) {
			this.runs.incrementAndGet();
			return "report " + name;
		}

		public int runs() {
			return this.runs.get();
		}

	}

}
