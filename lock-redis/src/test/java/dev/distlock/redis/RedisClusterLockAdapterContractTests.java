package dev.distlock.redis;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.test.LockAdapterContractTests;
import dev.distlock.test.redis.RedisClusterProcess;

/**
 * The Redis adapter against the whole contract on a Redis Cluster of three masters, through a Lettuce cluster client:
 * the tests' random namespaces spread their keys, and so their scripts, fence counters and lines of waiters, over
 * every master, and each grant is announced with sharded pub/sub on the node of its key's slot.
 */
class RedisClusterLockAdapterContractTests extends LockAdapterContractTests {

	private static RedisClusterProcess cluster;

	private static LettuceConnectionFactory connectionFactory;

	private static RedisLockAdapter adapter;

	@BeforeAll
	static void connect() {
		cluster = RedisClusterProcess.shared();
		connectionFactory = RedisClusterTestConnections.connect(cluster);
		adapter = new RedisLockAdapter(connectionFactory, RedisLockAdapterSettings.defaults());
		// The hand-off test needs the release subscription; it is set up in the background.
		await().atMost(Duration.ofSeconds(10)).until(adapter::isSubscribed);
		// Opens the connections, so that no test's first acquire pays for them against a short TTL.
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

	// The cluster is private to this JVM: each test starts on empty masters, fence counters included.
	@BeforeEach
	void flush() {
		cluster.flushAll();
	}

	@Override
	protected LockAdapter adapter() {
		return adapter;
	}

	// Real time on a loaded 2-core machine, as for a single Redis.
	@Override
	protected Duration shortTtl() {
		return Duration.ofMillis(500);
	}

}
