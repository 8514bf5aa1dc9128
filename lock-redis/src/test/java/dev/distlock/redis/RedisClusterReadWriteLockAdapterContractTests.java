package dev.distlock.redis;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.adapter.ReadWriteLockAdapter;
import dev.distlock.test.ReadWriteLockAdapterContractTests;
import dev.distlock.test.redis.RedisClusterProcess;

/**
 * The Redis read-write lock adapter against the whole contract on a Redis Cluster of three masters, through a Lettuce
 * cluster client: the tests' random namespaces spread the locks over every master, each script's keys and fence
 * counter on one slot, each release announced with sharded pub/sub on that slot's node.
 */
class RedisClusterReadWriteLockAdapterContractTests extends ReadWriteLockAdapterContractTests {

	private static LettuceConnectionFactory connectionFactory;

	private static RedisReadWriteLockAdapter adapter;

	@BeforeAll
	static void connect() {
		connectionFactory = RedisClusterTestConnections.connect(RedisClusterProcess.shared());
		adapter = new RedisReadWriteLockAdapter(connectionFactory, RedisLockAdapterSettings.defaults());
		await().atMost(Duration.ofSeconds(10)).until(adapter::isSubscribed);
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
