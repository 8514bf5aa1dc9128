package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.LockMode;
import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.test.redis.RedisClusterProcess;

/**
 * Semaphores and read-write locks on a Redis Cluster of three masters: a batch refresh of keys on every master is
 * split by slot (a multi-key script on keys of several slots would be refused), and every result comes back in order.
 */
class RedisClusterLeaseTests {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private static RedisClusterProcess cluster;

	private static LettuceConnectionFactory connectionFactory;

	private static RedisSemaphoreAdapter semaphores;

	private static RedisReadWriteLockAdapter readWrite;

	@BeforeAll
	static void connect() {
		cluster = RedisClusterProcess.shared();
		connectionFactory = RedisClusterTestConnections.connect(cluster);
		semaphores = new RedisSemaphoreAdapter(connectionFactory);
		readWrite = new RedisReadWriteLockAdapter(connectionFactory);
	}

	@AfterAll
	static void disconnect() {
		if (semaphores != null) {
			semaphores.close();
		}
		if (readWrite != null) {
			readWrite.close();
		}
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
	}

	@Test
	void refreshAllOfKeysOnEveryMasterRefreshesEachInOrder() {
		String prefix = "distlock-test:cluster-lease:" + UUID.randomUUID() + ":";
		List<String> keys = new ArrayList<>(RedisClusterTestConnections.keyPerMaster(cluster, prefix, (k) -> k)
			.values());
		for (int i = 0; i < 20; i++) {
			keys.add(prefix + "more-" + i);
		}
		List<Refresh> slots = new ArrayList<>();
		List<Refresh> reads = new ArrayList<>();
		for (String key : keys) {
			assertThat(semaphores.acquire(key, 2, "owner", Duration.ofSeconds(5), 1))
				.isInstanceOf(AcquireResult.Acquired.class);
			assertThat(readWrite.acquire(key, LockMode.READ, "owner", Duration.ofSeconds(5), 1, null))
				.isInstanceOf(AcquireResult.Acquired.class);
			slots.add(new Refresh(key, "owner", 0, MINUTE));
			reads.add(new Refresh(key, "owner", 0, MINUTE));
		}
		slots.add(1, new Refresh(prefix + "free", "owner", 0, MINUTE));
		reads.add(2, new Refresh(keys.get(0), "other", 0, MINUTE));

		List<UpdateResult> slotResults = semaphores.refreshAll(slots);
		List<UpdateResult> readResults = readWrite.refreshAll(LockMode.READ, reads);
		assertThat(slotResults).hasSize(slots.size());
		assertThat(slotResults.get(1)).isEqualTo(UpdateResult.NOT_HELD);
		assertThat(slotResults).filteredOn((r) -> r == UpdateResult.UPDATED).hasSize(keys.size());
		assertThat(readResults.get(2)).isEqualTo(UpdateResult.NOT_HELD);
		assertThat(readResults).filteredOn((r) -> r == UpdateResult.UPDATED).hasSize(keys.size());
		for (String key : keys) {
			assertThat(semaphores.holders(key).holders().get(0).remainingTime()).isGreaterThan(Duration.ofSeconds(50));
			assertThat(readWrite.holders(key).readers().get(0).remainingTime()).isGreaterThan(Duration.ofSeconds(50));
			assertThat(semaphores.forceReleaseAll(key)).isEqualTo(1);
			assertThat(readWrite.forceReleaseAll(key)).isEqualTo(1);
		}
	}

}
