package dev.distlock.redis;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.Lock;
import dev.distlock.LockState;
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
		adapter = new RedisLockAdapter(connectionFactory, RedisTestConnections.privateChannel());
		// The hand-off test needs the release subscription; it is set up in the background.
		await().atMost(Duration.ofSeconds(10)).until(adapter::isSubscribed);
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

	// Real time, so the default would do, but for one race: it waits until the key is free, and a waiter polling in
	// the background may take the key the moment it expires, so that "free" is never seen. The TTL has run out as
	// soon as the holder no longer holds the key, whoever holds it next.
	@Override
	protected void awaitExpiry(Lock lock) {
		Duration ttl = lock.getTtl().orElseThrow();
		await().atMost(ttl.plusSeconds(10))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> !(lock.getState() instanceof LockState.Acquired));
	}

}
