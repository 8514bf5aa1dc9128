package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.ReturnType;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.AcquireResult.Acquired;
import dev.distlock.adapter.AcquireResult.AlreadyHeld;
import dev.distlock.adapter.AcquireResult.Unavailable;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.test.redis.RedisServerProcess;

/**
 * The adapter on Redis Cluster: a private one-node cluster serving every slot, which, like any cluster, rejects a
 * script whose keys are on different slots. Acquire must keep the fence counter on the lock's slot, and a batch
 * refresh must send one script run per slot.
 */
class RedisClusterTests {

	private static final Pattern CALLS = Pattern.compile("calls=(\\d+)");

	private static RedisServerProcess server;

	private static LettuceConnectionFactory connectionFactory;

	private static RedisLockAdapter adapter;

	@BeforeAll
	static void start() {
		server = RedisServerProcess.startCluster();
		connectionFactory = new LettuceConnectionFactory(
				new RedisClusterConfiguration(List.of("127.0.0.1:" + server.port())),
				LettuceClientConfiguration.builder().commandTimeout(RedisTestConnections.COMMAND_TIMEOUT).build());
		connectionFactory.afterPropertiesSet();
		adapter = new RedisLockAdapter(connectionFactory, RedisLockAdapterSettings.defaults());
	}

	@AfterAll
	static void stop() {
		if (adapter != null) {
			adapter.close();
		}
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
		if (server != null) {
			server.close();
		}
	}

	@Test
	void theClusterRejectsAScriptOnKeysOfTwoSlots() {
		// What would happen to an acquire whose fence counter were on another slot than its lock.
		try (RedisClusterConnection connection = connectionFactory.getClusterConnection()) {
			assertThatThrownBy(() -> connection.scriptingCommands()
				.eval(bytes("return 1"), ReturnType.INTEGER, 2, bytes("a"), bytes("b")))
				.rootCause()
				.hasMessageContaining("CROSSSLOT");
		}
	}

	@Test
	void everyOperationWorksOnKeysWithAndWithoutHashTags() {
		for (String key : List.of("cluster:" + UUID.randomUUID(), "cluster:{orders}:" + UUID.randomUUID())) {
			AcquireResult first = adapter.acquire(key, "owner-a", Duration.ofSeconds(30), 1);
			assertThat(first).as(key).isInstanceOf(Acquired.class);
			long token = ((Acquired) first).token();
			assertThat(adapter.acquire(key, "owner-a", null, 2)).isInstanceOf(AlreadyHeld.class);
			assertThat(adapter.acquire(key, "owner-b", null, 2)).isInstanceOf(Unavailable.class);
			assertThat(adapter.state(key)).hasValueSatisfying((holder) -> assertThat(holder.token()).isEqualTo(token));
			assertThat(adapter.refresh(key, "owner-a", token, Duration.ofMinutes(1))).isEqualTo(UpdateResult.UPDATED);
			assertThat(adapter.undoAcquire(key, "owner-a", 2)).isFalse();
			assertThat(adapter.release(key, "owner-a", token)).isEqualTo(UpdateResult.UPDATED);
			AcquireResult second = adapter.acquire(key, "owner-b", null, 3);
			assertThat(((Acquired) second).token()).isGreaterThan(token);
			assertThat(adapter.undoAcquire(key, "owner-b", 3)).isTrue();
			assertThat(adapter.forceRelease(key)).isFalse();
		}
	}

	@Test
	void aBatchRefreshSendsOneScriptRunPerSlot() {
		List<Refresh> refreshes = new ArrayList<>();
		String prefix = "batch:" + UUID.randomUUID();
		for (int i = 0; i < 200; i++) {
			refreshes.add(hold(prefix + ":" + i));
		}
		// Keys sharing a hash tag share a slot, and so a run.
		for (int i = 0; i < 100; i++) {
			refreshes.add(hold("{" + prefix + "}:" + i));
		}
		refreshes.add(new Refresh(prefix + ":free", "owner", 0, Duration.ofMinutes(1)));
		Set<Integer> slots = refreshes.stream()
			.map((refresh) -> ClusterSlotHashUtil.calculateSlot(refresh.key()))
			.collect(Collectors.toSet());
		adapter.refreshAll(refreshes.subList(0, 1));
		resetStatistics();

		List<UpdateResult> results = adapter.refreshAll(refreshes);

		assertThat(results).hasSize(301).startsWith(UpdateResult.UPDATED).endsWith(UpdateResult.NOT_HELD);
		assertThat(results.subList(0, 300)).containsOnly(UpdateResult.UPDATED);
		assertThat(calls("evalsha")).isEqualTo(slots.size()).isLessThanOrEqualTo(202);
	}

	private static Refresh hold(String key) {
		AcquireResult acquired = adapter.acquire(key, "owner", Duration.ofSeconds(30), 1);
		assertThat(acquired).as(key).isInstanceOf(Acquired.class);
		return new Refresh(key, "owner", ((Acquired) acquired).token(), Duration.ofMinutes(1));
	}

	private static void resetStatistics() {
		try (RedisClusterConnection connection = connectionFactory.getClusterConnection()) {
			connection.serverCommands().resetConfigStats();
		}
	}

	private static long calls(String command) {
		try (RedisClusterConnection connection = connectionFactory.getClusterConnection()) {
			Properties stats = connection.serverCommands().info("commandstats");
			// A cluster connection prefixes each node's values with the node's address.
			String line = stats.stringPropertyNames()
				.stream()
				.filter((name) -> name.endsWith("cmdstat_" + command))
				.map(stats::getProperty)
				.findFirst()
				.orElse(null);
			if (line == null) {
				return 0;
			}
			Matcher calls = CALLS.matcher(line);
			assertThat(calls.find()).as("calls in %s", line).isTrue();
			return Long.parseLong(calls.group(1));
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
