package dev.distlock.redis;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.adapter.ReadWriteLockAdapter;
import dev.distlock.test.ReadWriteLockAdapterContractTests;
import dev.distlock.test.redis.TestRedis;

/**
 * The Redis read-write lock adapter against the whole contract through a connection factory that is not Lettuce's: the
 * scripts run through Spring's template, and blocked acquires poll (no subscription).
 */
class RedisTemplateReadWriteLockAdapterContractTests extends ReadWriteLockAdapterContractTests {

	private static LettuceConnectionFactory connectionFactory;

	private static RedisReadWriteLockAdapter adapter;

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestConnections.connect(TestRedis.endpoint().url());
		adapter = new RedisReadWriteLockAdapter(new NonLettuceConnectionFactory(connectionFactory),
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
	protected ReadWriteLockAdapter adapter() {
		return adapter;
	}

	@Override
	protected Duration shortTtl() {
		return Duration.ofMillis(500);
	}

}
