package dev.distlock.redis;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.adapter.ReadWriteLockAdapter;
import dev.distlock.test.ReadWriteLockAdapterContractTests;
import dev.distlock.test.redis.TestRedis;

/**
 * The Redis read-write lock adapter against the whole contract, on a real Redis and in real time: expiry is Redis's own.
 */
class RedisReadWriteLockAdapterContractTests extends ReadWriteLockAdapterContractTests {

	private static LettuceConnectionFactory connectionFactory;

	private static RedisReadWriteLockAdapter adapter;

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestConnections.connect(TestRedis.endpoint().url());
		adapter = new RedisReadWriteLockAdapter(connectionFactory, RedisLockAdapterSettings.defaults());
		// The wake-up tests need the release subscription; it is set up in the background.
		await().atMost(Duration.ofSeconds(10)).until(adapter::isSubscribed);
		// Opens the shared connection, so that no test's first acquire pays for it against a short TTL.
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

	// Real time on a loaded 2-core machine: the holds the tests let expire leave room for a stall.
	@Override
	protected Duration shortTtl() {
		return Duration.ofMillis(500);
	}

}
