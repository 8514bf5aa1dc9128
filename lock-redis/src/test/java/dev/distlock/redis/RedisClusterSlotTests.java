package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.AcquireResult.Acquired;
import dev.distlock.adapter.LockWait;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.test.redis.RedisClusterProcess;

/**
 * The adapter's keys on a Redis Cluster of three masters: whatever a lock needs (the lock, its fence counter, its
 * line of waiters) is on the lock's own master, fencing tokens strictly increase per key on every master, and a batch refresh over
 * keys of all masters reaches each of them.
 */
class RedisClusterSlotTests {

	private static RedisClusterProcess cluster;

	private static LettuceConnectionFactory connectionFactory;

	private static RedisLockAdapter adapter;

	@BeforeAll
	static void connect() {
		cluster = RedisClusterProcess.shared();
		connectionFactory = RedisClusterTestConnections.connect(cluster);
		adapter = new RedisLockAdapter(connectionFactory, RedisLockAdapterSettings.defaults());
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

	// Every test counts the keys on each master, so each starts on empty ones.
	@BeforeEach
	void flush() {
		cluster.flushAll();
	}

	@Test
	void everythingALockAndItsLineStoreIsOnTheLocksOwnMaster() throws Exception {
		for (Map.Entry<Integer, String> keyOfMaster : keyPerMaster("stored").entrySet()) {
			cluster.flushAll();
			String key = keyOfMaster.getValue();
			AcquireResult held = adapter.acquire(key, "owner", Duration.ofMinutes(1), 1);
			assertThat(held).isInstanceOf(Acquired.class);
			// A waiter in line adds the line and its entries; the grant moves the lock to the waiter.
			try (LockWait wait = adapter.openWait(key, "waiter", Duration.ofMinutes(1), 2, Duration.ofSeconds(30))) {
				assertThat(wait.attempt()).isInstanceOf(AcquireResult.Unavailable.class);
				assertOnlyOn(keyOfMaster.getKey(), key);
				assertThat(adapter.release(key, "owner", ((Acquired) held).token())).isEqualTo(UpdateResult.UPDATED);
				assertThat(wait.awaitGrant(Duration.ofSeconds(5))).as("grant of %s", key).isNotNull();
				assertOnlyOn(keyOfMaster.getKey(), key);
			}
		}
	}

	private static void assertOnlyOn(int port, String key) {
		Map<Integer, Long> keysPerMaster = keysPerMaster();
		assertThat(keysPerMaster).as("keys per master for %s", key)
			.hasEntrySatisfying(port, (count) -> assertThat(count).isPositive());
		keysPerMaster.remove(port);
		assertThat(keysPerMaster.values()).as("keys of %s on the other masters", key).containsOnly(0L);
	}

	@Test
	void fencingTokensStrictlyIncreasePerKeyOnEveryMasterAcrossReleasesAndExpiries() {
		for (String key : keyPerMaster("fenced").values()) {
			long previous = 0;
			for (int i = 0; i < 5; i++) {
				AcquireResult result = adapter.acquire(key, "owner-" + i, Duration.ofMinutes(1), i + 1);
				assertThat(result).as("%s, round %d", key, i).isInstanceOf(Acquired.class);
				long token = ((Acquired) result).token();
				assertThat(token).as("%s, round %d", key, i).isGreaterThan(previous);
				previous = token;
				if (i % 2 == 0) {
					assertThat(adapter.release(key, "owner-" + i, token)).isEqualTo(UpdateResult.UPDATED);
				}
				else {
					// What an expiry leaves: the lock gone, its master's counter still there.
					assertThat(adapter.forceRelease(key)).isTrue();
				}
			}
		}
	}

	@Test
	void aBatchRefreshOverKeysOfEveryMasterRefreshesEachHold() {
		String prefix = "batch:" + UUID.randomUUID();
		List<Refresh> refreshes = new ArrayList<>();
		Set<Integer> masters = new HashSet<>();
		for (int i = 0; i < 300; i++) {
			String key = prefix + ":" + i;
			AcquireResult acquired = adapter.acquire(key, "owner", Duration.ofSeconds(30), 1);
			assertThat(acquired).as(key).isInstanceOf(Acquired.class);
			refreshes.add(new Refresh(key, "owner", ((Acquired) acquired).token(), Duration.ofMinutes(5)));
			masters.add(cluster.portOfSlot(ClusterSlotHashUtil.calculateSlot(key)));
		}
		refreshes.add(new Refresh(prefix + ":free", "owner", 1, Duration.ofMinutes(5)));
		assertThat(masters).hasSize(RedisClusterProcess.MASTERS);

		List<UpdateResult> results = adapter.refreshAll(refreshes);

		assertThat(results).hasSize(301).endsWith(UpdateResult.NOT_HELD);
		assertThat(results.subList(0, 300)).containsOnly(UpdateResult.UPDATED);
		for (Refresh refresh : refreshes.subList(0, 300)) {
			assertThat(adapter.state(refresh.key())).as(refresh.key())
				.hasValueSatisfying((holder) -> assertThat(holder.remainingTime()).isGreaterThan(Duration.ofMinutes(4)));
		}
	}

	private static Map<Integer, String> keyPerMaster(String prefix) {
		return RedisClusterTestConnections.keyPerMaster(cluster,
				"distlock-test:" + prefix + ":" + UUID.randomUUID() + ":", UnaryOperator.identity());
	}

	// DBSIZE of each master, by port.
	private static Map<Integer, Long> keysPerMaster() {
		List<?> sizes = cluster.onEveryMaster("DBSIZE");
		Map<Integer, Long> counts = new LinkedHashMap<>();
		for (int i = 0; i < sizes.size(); i++) {
			counts.put(cluster.ports().get(i), (Long) sizes.get(i));
		}
		return counts;
	}

}
