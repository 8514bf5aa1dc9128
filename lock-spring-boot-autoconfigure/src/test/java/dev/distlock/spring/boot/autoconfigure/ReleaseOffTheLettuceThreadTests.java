package dev.distlock.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.distlock.LockListenable;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.spring.DistributedLock;
import dev.distlock.test.redis.TestRedis;

/**
 * The release after a {@code CompletableFuture} that completed on a real Lettuce event-loop thread runs on distlock's
 * own release threads: an event loop never blocks on the lock backend.
 */
class ReleaseOffTheLettuceThreadTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class))
		.withPropertyValues("distlock.adapter=memory")
		.withUserConfiguration(Service.class);

	@Test
	void theReleaseRunsOnADistlockThreadNotOnTheThreadThatCompletedTheFuture() throws Exception {
		RedisClient client = RedisClient.create(TestRedis.endpoint().url());
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			this.runner.run((context) -> {
				List<String> releasingThreads = new CopyOnWriteArrayList<>();
				context.getBean(LockListenable.class)
					.addListener(LockReleasedEvent.class, (event) -> releasingThreads.add(Thread.currentThread().getName()));
				List<String> completingThreads = new CopyOnWriteArrayList<>();

				// Completed when Redis answers a BLPOP that waits 200 ms first: surely on Lettuce's event loop, after the
				// lock was acquired and the callback registered.
				CompletableFuture<String> answer = new CompletableFuture<>();
				CompletableFuture<String> locked = context.getBean(Pinger.class).ping(answer);
				connection.async().blpop(0.2, "distlock-test:nothing:" + UUID.randomUUID()).thenAccept((nothing) -> {
					completingThreads.add(Thread.currentThread().getName());
					answer.complete("PONG");
				});

				assertThat(locked.get(10, TimeUnit.SECONDS)).isEqualTo("PONG");
				assertThat(completingThreads).singleElement()
					.satisfies((name) -> assertThat(name).containsIgnoringCase("lettuce"));
				assertThat(releasingThreads).singleElement()
					.satisfies((name) -> assertThat(name).startsWith("distlock-release-"));
			});
		}
		finally {
			client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Service {

		@Bean
		Pinger pinger() {
			return new Pinger();
		}

	}

	static class Pinger {

		@DistributedLock(key = "'ping'")
		public CompletableFuture<String> ping(CompletableFuture<String> answer) {
			return answer;
		}

	}

}
