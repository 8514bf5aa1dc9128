package dev.distlock.redis;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.adapter.SemaphoreAdapter;
import dev.distlock.test.SemaphoreAdapterContractTests;
import dev.distlock.test.redis.TestRedis;

/**
 * The Redis semaphore adapter against the whole contract through a connection factory that is not Lettuce's: the
 * scripts run through Spring's template, and blocked acquires poll (no subscription).
 */
class RedisTemplateSemaphoreAdapterContractTests extends SemaphoreAdapterContractTests {

	private static LettuceConnectionFactory connectionFactory;

	private static RedisSemaphoreAdapter adapter;

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestConnections.connect(TestRedis.endpoint().url());
		adapter = new RedisSemaphoreAdapter(new NonLettuceConnectionFactory(connectionFactory),
				RedisLockAdapterSettings.defaults());
		adapter.holders("distlock-test:warm-up");
	}

	@AfterAll
	static void disconnect() {
		if (adapter != null) {
			adapter.close();
		}
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
	}

	@Override
	protected SemaphoreAdapter adapter() {
		return adapter;
	}

	@Override
	protected Duration shortTtl() {
		return Duration.ofMillis(500);
	}

	@Override
	protected boolean signalsReleases() {
		return false;
	}

}
