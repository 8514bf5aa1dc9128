package dev.distlock.redis;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.test.LockAdapterContractTests;
import dev.distlock.test.redis.TestRedis;

/**
 * The Redis adapter against the whole contract, on a real Redis and in real time: expiry is Redis's own.
 */
class RedisLockAdapterContractTests extends LockAdapterContractTests {

	private static LettuceConnectionFactory connectionFactory;

	private static RedisLockAdapter adapter;

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestConnections.connect(TestRedis.endpoint().url());
		adapter = new RedisLockAdapter(connectionFactory, RedisLockAdapterSettings.defaults());
		// The hand-off test needs the release subscription; it is set up in the background.
		await().atMost(Duration.ofSeconds(10)).until(adapter::isSubscribed);
		// Opens the shared connection, so that no test's first acquire pays for it against a short TTL.
		adapter.state("distlock-test:warm-up");
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
	protected LockAdapter adapter() {
		return adapter;
	}

	// Real time on a loaded 2-core machine: an acquire whose answer took longer than its TTL counts as not acquired,
	// so the TTL of the locks the tests let expire leaves room for a stall.
	@Override
	protected Duration shortTtl() {
		return Duration.ofMillis(500);
	}

}
