package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.distlock.ReadWriteLock;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.Semaphore;
import dev.distlock.SemaphoreProvider;
import dev.distlock.adapter.ReadWriteLockAdapter;
import dev.distlock.adapter.SemaphoreAdapter;
import dev.distlock.redis.RedisReadWriteLockAdapter;
import dev.distlock.redis.RedisSemaphoreAdapter;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.jdbc.JdbcLockAdapter;
import dev.distlock.redis.RedisLockAdapter;
import dev.distlock.spring.actuate.LockHealthIndicator;
import dev.distlock.spring.boot.autoconfigure.actuate.LockHealthContributorAutoConfiguration;
import dev.distlock.test.redis.TestRedis;
import dev.distlock.test.redis.TestRedisEndpoint;

import static dev.distlock.spring.boot.autoconfigure.DistributedLockAutoConfigurationTests.configurationFailure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Redis adapter, on the connection factory of Spring Boot's own Redis auto-configuration and a real Redis. */
class RedisLockAdapterAutoConfigurationTests {

	private static TestRedisEndpoint redis;

	private final String namespace = "distlock-test-" + UUID.randomUUID();

	// Ours listed first on purpose: the auto-configuration order, not this list, must put Redis's first.
	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(DistributedLockAutoConfiguration.class, DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.url=" + redis.url(), "distlock.namespace=" + this.namespace);
	}

	@BeforeAll
	static void findRedis() {
		redis = TestRedis.endpoint();
	}

	@Test
	void autoPicksRedisWhenBootConfiguresAConnectionFactory() {
		runner().run((context) -> {
			assertThat(context.getBean(LockAdapter.class)).isInstanceOf(RedisLockAdapter.class);
			LockProvider provider = context.getBean(LockProvider.class);
			Lock first = provider.create("job");
			Lock second = provider.create("job");
			assertThat(first.acquire()).isTrue();
			try {
				assertThat(second.acquire()).as("excluded through Redis").isFalse();
			}
			finally {
				first.release();
			}
			assertThat(second.acquire()).isTrue();
			second.release();
		});
	}

	@Test
	void redisLocksComeWithRedisSemaphoresAndReadWriteLocksThatExcludeThroughRedis() {
		runner().run((context) -> {
			assertThat(context.getBean(SemaphoreAdapter.class)).isInstanceOf(RedisSemaphoreAdapter.class);
			assertThat(context.getBean(ReadWriteLockAdapter.class)).isInstanceOf(RedisReadWriteLockAdapter.class);
			SemaphoreProvider semaphores = context.getBean(SemaphoreProvider.class);
			assertThat(semaphores.getNamespace().root()).isEqualTo(this.namespace);
			Semaphore first = semaphores.create("reports", 1);
			// A second adapter of its own: the two talk only through Redis.
			try (RedisSemaphoreAdapter other = new RedisSemaphoreAdapter(context.getBean(RedisConnectionFactory.class));
					SemaphoreProvider elsewhere = SemaphoreProvider.create(other,
							(builder) -> builder.namespace(this.namespace))) {
				assertThat(first.acquire()).isTrue();
				assertThat(elsewhere.create("reports", 1).acquire()).as("the slot is taken, in Redis").isFalse();
				first.release();
			}
			ReadWriteLock writer = context.getBean(ReadWriteLockProvider.class).create("catalog");
			assertThat(writer.writeLock().acquire()).isTrue();
			assertThat(context.getBean(ReadWriteLockProvider.class).create("catalog").readLock().acquire()).isFalse();
			writer.writeLock().release();
		});
	}

	@Test
	void autoPicksRedisOverJdbcWhenThereAreBothAConnectionFactoryAndADataSource() {
		runner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class)).run((context) -> {
			assertThat(context).hasSingleBean(DataSource.class);
			assertThat(context.getBean(LockAdapter.class)).isInstanceOf(RedisLockAdapter.class);
			// Nothing of the JDBC adapter: no lock table is created in a database it does not use.
			assertThat(context).doesNotHaveBean(JdbcLockAdapter.class).doesNotHaveBean(JdbcLockSchemaInitializer.class);
			assertThat(new JdbcTemplate(context.getBean(DataSource.class)).queryForObject(
					"SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE LOWER(TABLE_NAME) = 'distlock_locks'",
					Integer.class)).isZero();
		});
	}

	@Test
	void jdbcWhenChosenEvenWithAConnectionFactory() {
		runner().withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class))
			.withPropertyValues("distlock.adapter=jdbc")
			.run((context) -> assertThat(context.getBean(LockAdapter.class)).isInstanceOf(JdbcLockAdapter.class));
	}

	@Test
	void redisWhenChosen() {
		runner().withPropertyValues("distlock.adapter=redis")
			.run((context) -> assertThat(context.getBean(LockAdapter.class)).isInstanceOf(RedisLockAdapter.class));
	}

	@Test
	void commandTimeoutIsTwoSecondsUnlessSet() {
		runner().run((context) -> assertThat(context.getBean(RedisLockAdapter.class).getSettings().commandTimeout())
			.isEqualTo(Duration.ofSeconds(2)));
	}

	@Test
	void commandTimeoutProperty() {
		runner().withPropertyValues("distlock.redis.command-timeout=750ms")
			.run((context) -> assertThat(context.getBean(RedisLockAdapter.class).getSettings().commandTimeout())
				.isEqualTo(Duration.ofMillis(750)));
	}

	@Test
	void aZeroCommandTimeoutFailsNamingTheProperty() {
		runner().withPropertyValues("distlock.redis.command-timeout=0ms").run((context) -> {
			DistlockConfigurationException failure = configurationFailure(context);
			assertThat(failure.getProperty()).isEqualTo("distlock.redis.command-timeout");
			assertThat(failure.getValue()).isEqualTo("0ms");
			assertThat(failure.getAction()).contains("positive duration");
		});
	}

	@Test
	void aCommandTimeoutOverADayFailsNamingTheProperty() {
		runner().withPropertyValues("distlock.redis.command-timeout=2d").run((context) -> {
			DistlockConfigurationException failure = configurationFailure(context);
			assertThat(failure.getProperty()).isEqualTo("distlock.redis.command-timeout");
			assertThat(failure).hasMessageContaining("at most a day");
		});
	}

	@Test
	void healthReportsRedisAndItsReleaseSubscription() {
		runner().withConfiguration(AutoConfigurations.of(LockHealthContributorAutoConfiguration.class))
			.run((context) -> {
				RedisLockAdapter adapter = context.getBean(RedisLockAdapter.class);
				await().atMost(Duration.ofSeconds(10)).until(adapter::isSubscribed);
				Health health = context.getBean(LockHealthIndicator.class).health();
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).containsEntry("adapter", "redis")
					.containsEntry("namespace", this.namespace)
					.containsEntry("subscribed", true);
			});
	}

	@Test
	void adapterIsClosedWithTheContext() {
		RedisLockAdapter[] adapter = new RedisLockAdapter[1];
		runner().run((context) -> adapter[0] = context.getBean(RedisLockAdapter.class));
		assertThat(adapter[0].isSubscribed()).isFalse();
	}

}
