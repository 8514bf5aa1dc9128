package dev.distlock.redis;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.test.redis.RedisClusterProcess;

/** Connection factories and keys on the tests' private Redis Cluster. */
final class RedisClusterTestConnections {

	private RedisClusterTestConnections() {
	}

	/**
	 * A started factory on {@code cluster}, seeded with every master, as an application would configure it; each call
	 * is an independent Lettuce cluster client with its own connections.
	 */
	static LettuceConnectionFactory connect(RedisClusterProcess cluster) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisClusterConfiguration(cluster.nodes()),
				LettuceClientConfiguration.builder().commandTimeout(RedisTestConnections.COMMAND_TIMEOUT).build());
		factory.afterPropertiesSet();
		return factory;
	}

	/**
	 * One key per master, {@code prefix + i} for the first {@code i} whose Redis key lands on a master not yet
	 * served, by the port of that master.
	 * @param qualify what makes the key a Redis key: a namespace's {@code qualify}, or nothing for keys given to an
	 * adapter directly
	 */
	static Map<Integer, String> keyPerMaster(RedisClusterProcess cluster, String prefix, UnaryOperator<String> qualify) {
		Map<Integer, String> keys = new LinkedHashMap<>();
		for (int i = 0; keys.size() < RedisClusterProcess.MASTERS; i++) {
			String key = prefix + i;
			keys.putIfAbsent(cluster.portOfSlot(ClusterSlotHashUtil.calculateSlot(qualify.apply(key))), key);
		}
		return keys;
	}

}
