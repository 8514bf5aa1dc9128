package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.BlockingSettings;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.Namespace;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.redis.RedisLockAdapter;
import dev.distlock.spring.actuate.LockHealthIndicator;
import dev.distlock.spring.boot.autoconfigure.actuate.LockHealthContributorAutoConfiguration;
import dev.distlock.test.InstrumentedLockAdapter;
import dev.distlock.test.redis.RedisClusterProcess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Redis adapter on a Redis Cluster of three masters, configured as an application would: only
 * {@code spring.data.redis.cluster.nodes}, and Spring Boot's own Redis auto-configuration builds the Lettuce cluster
 * client.
 */
class RedisClusterAutoConfigurationTests {

	// As long as the wait: a waiter that gets the key within seconds was woken, it did not poll.
	private static final BlockingSettings ONLY_A_SIGNAL_WAKES = BlockingSettings.of(Duration.ofSeconds(30),
			Duration.ofSeconds(30));

	private static RedisClusterProcess cluster;

	private final String namespace = "distlock-test-" + UUID.randomUUID();

	@BeforeAll
	static void startCluster() {
		cluster = RedisClusterProcess.shared();
	}

	@BeforeEach
	void flush() {
		cluster.flushAll();
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class,
					DataRedisAutoConfiguration.class, LockHealthContributorAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.cluster.nodes=" + cluster.nodesProperty(),
					"distlock.namespace=" + this.namespace);
	}

	@Test
	void theClusterNodesPropertyIsAllItTakes() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(LockAdapter.class)).isInstanceOf(RedisLockAdapter.class);
			assertThat(context.getBean(LettuceConnectionFactory.class).getClusterConfiguration())
				.as("Boot's connection factory is a cluster client")
				.isNotNull();
		});
	}

	@Test
	void locksExcludeEachOtherAcrossTwoApplicationsOnKeysOfEveryMaster() {
		runner().run((first) -> runner().run((second) -> {
			LockProvider firstLocks = first.getBean(LockProvider.class);
			LockProvider secondLocks = second.getBean(LockProvider.class);
			for (Map.Entry<Integer, String> keyOfMaster : keyPerMaster().entrySet()) {
				String key = keyOfMaster.getValue();
				Lock mine = firstLocks.create(key);
				Lock theirs = secondLocks.create(key);
				assertThat(mine.acquire()).as("%s on the master at port %d", key, keyOfMaster.getKey()).isTrue();
				try {
					assertThat(theirs.acquire()).as("%s excluded through the cluster", key).isFalse();
				}
				finally {
					assertThat(mine.release()).isTrue();
				}
				assertThat(theirs.acquire()).as("%s free again", key).isTrue();
				assertThat(theirs.release()).isTrue();
			}
		}));
	}

	@Test
	void aReleaseInOneApplicationWakesABlockedAcquireInTheOther() {
		runner().run((first) -> runner().run((second) -> {
			RedisLockAdapter firstAdapter = first.getBean(RedisLockAdapter.class);
			RedisLockAdapter secondAdapter = second.getBean(RedisLockAdapter.class);
			await().atMost(Duration.ofSeconds(10))
				.until(() -> firstAdapter.isSubscribed() && secondAdapter.isSubscribed());
			// The second application's own adapter, counted, so the release comes only once its waiter has tried.
			InstrumentedLockAdapter waiterCalls = new InstrumentedLockAdapter(secondAdapter);
			LockProvider waiters = LockProvider.builder(waiterCalls).namespace(Namespace.of(this.namespace)).build();
			for (String key : keyPerMaster().values()) {
				Lock holder = first.getBean(LockProvider.class).create(key);
				Lock waiter = waiters.create(key);
				assertThat(holder.acquire()).isTrue();
				int before = waiterCalls.acquireCalls();
				CompletableFuture<Boolean> acquired = CompletableFuture
					.supplyAsync(() -> waiter.acquireBlocking(ONLY_A_SIGNAL_WAKES));
				try {
					await().atMost(Duration.ofSeconds(10)).until(() -> waiterCalls.acquireCalls() > before);
					assertThat(holder.release()).isTrue();
					assertThat(acquired.get(5, TimeUnit.SECONDS)).as("%s handed over on its release", key).isTrue();
				}
				catch (InterruptedException | ExecutionException | TimeoutException ex) {
					throw new AssertionError("No wake-up for " + key, ex);
				}
				finally {
					acquired.cancel(true);
					waiter.forceRelease();
				}
			}
		}));
	}

	@Test
	void healthReportsRedisUpAndSubscribed() {
		runner().run((context) -> {
			RedisLockAdapter adapter = context.getBean(RedisLockAdapter.class);
			await().atMost(Duration.ofSeconds(10)).until(adapter::isSubscribed);
			Health health = context.getBean(LockHealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("adapter", "redis")
				.containsEntry("namespace", this.namespace)
				.containsEntry("subscribed", true);
		});
	}

	// One key of this test's namespace per master, by the port of the master that serves its slot.
	private Map<Integer, String> keyPerMaster() {
		Map<Integer, String> keys = new LinkedHashMap<>();
		Namespace qualifier = Namespace.of(this.namespace);
		for (int i = 0; keys.size() < RedisClusterProcess.MASTERS; i++) {
			String key = "job-" + i;
			keys.putIfAbsent(cluster.portOfSlot(ClusterSlotHashUtil.calculateSlot(qualifier.qualify(key))), key);
		}
		return keys;
	}

}
