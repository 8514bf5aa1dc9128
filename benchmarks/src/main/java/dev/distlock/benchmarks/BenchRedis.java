package dev.distlock.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * The private benchmark Redis that benchmarks/run starts: a standalone server ({@code -Ddistlock.bench.redisPort})
 * or, with {@code -Ddistlock.bench.redisCluster=host:port,...} (every master of it), a Redis Cluster. Connections
 * to it for the libraries (a Spring connection factory) and for the harness itself (barriers, the 2-JVM counter),
 * and its command counts, summed over the masters.
 */
final class BenchRedis implements AutoCloseable {

	private final AbstractRedisClient client;

	private final StatefulConnection<String, String> connection;

	private final RedisClusterCommands<String, String> commands;

	// One connection per master, for INFO: commandstats are per server.
	private final List<StatefulRedisConnection<String, String>> nodes = new ArrayList<>();

	private final List<RedisClient> nodeClients = new ArrayList<>();

	BenchRedis() {
		if (isCluster()) {
			List<RedisURI> uris = clusterNodes().stream().map(BenchRedis::uri).toList();
			RedisClusterClient cluster = RedisClusterClient.create(uris);
			StatefulRedisClusterConnection<String, String> connected = cluster.connect();
			this.client = cluster;
			this.connection = connected;
			this.commands = connected.sync();
			for (RedisURI node : uris) {
				RedisClient nodeClient = RedisClient.create(node);
				this.nodeClients.add(nodeClient);
				this.nodes.add(nodeClient.connect());
			}
		}
		else {
			RedisClient standalone = RedisClient.create(RedisURI.create("127.0.0.1", port()));
			StatefulRedisConnection<String, String> connected = standalone.connect();
			this.client = standalone;
			this.connection = connected;
			this.commands = connected.sync();
			this.nodes.add(connected);
		}
	}

	/** Whether {@code -Ddistlock.bench.redisCluster} names a Redis Cluster to run on. */
	static boolean isCluster() {
		String nodes = System.getProperty("distlock.bench.redisCluster");
		return nodes != null && !nodes.isBlank();
	}

	/** The cluster's masters, {@code host:port}, from {@code -Ddistlock.bench.redisCluster}. */
	static List<String> clusterNodes() {
		List<String> nodes = new ArrayList<>();
		for (String node : System.getProperty("distlock.bench.redisCluster", "").split(",")) {
			if (!node.isBlank()) {
				nodes.add(node.trim());
			}
		}
		return nodes;
	}

	/** The port from {@code -Ddistlock.bench.redisPort}; never the shared 6379 unless told. */
	static int port() {
		String port = System.getProperty("distlock.bench.redisPort");
		if (port == null) {
			throw new IllegalStateException("Set -Ddistlock.bench.redisPort to the private benchmark Redis");
		}
		return Integer.parseInt(port);
	}

	/** {@code redis://} addresses of the benchmark Redis: the standalone server, or every cluster master. */
	static List<String> redisAddresses() {
		if (isCluster()) {
			return clusterNodes().stream().map((node) -> "redis://" + node).toList();
		}
		return List.of("redis://127.0.0.1:" + port());
	}

	/**
	 * A started Spring Data connection factory, as Spring Boot would configure one: on a
	 * {@link RedisClusterConfiguration} when running on the cluster. Counts its commands if {@link SentCommands} is
	 * enabled: the client exists once the factory started, and opens its connections lazily, all after this.
	 */
	static LettuceConnectionFactory connectionFactory() {
		LettuceConnectionFactory factory = isCluster() ? new LettuceConnectionFactory(new RedisClusterConfiguration(clusterNodes()))
				: new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port()));
		factory.afterPropertiesSet();
		factory.start();
		SentCommands.attach(factory.getRequiredNativeClient());
		return factory;
	}

	/** The harness's own commands (barriers, the 2-JVM counter), routed by key on a cluster. */
	RedisClusterCommands<String, String> commands() {
		return this.commands;
	}

	/** Calls per command since the servers started, from {@code INFO commandstats}, summed over the masters. */
	Map<String, Long> commandCalls() {
		return commandStat("calls=");
	}

	/**
	 * Microseconds Redis spent per command since the servers started ({@code usec} of {@code INFO commandstats},
	 * summed over the masters); a script's time includes the commands it runs.
	 */
	Map<String, Long> commandMicros() {
		return commandStat("usec=");
	}

	private Map<String, Long> commandStat(String field) {
		Map<String, Long> calls = new LinkedHashMap<>();
		for (StatefulRedisConnection<String, String> node : this.nodes) {
			for (String line : node.sync().info("commandstats").split("\r?\n")) {
				if (!line.startsWith("cmdstat_")) {
					continue;
				}
				String name = line.substring("cmdstat_".length(), line.indexOf(':'));
				int start = line.indexOf(field) + field.length();
				int end = line.indexOf(',', start);
				if (!name.equals("info")) {
					calls.merge(name, Long.parseLong(line.substring(start, end)), Long::sum);
				}
			}
		}
		return calls;
	}

	/** Per-command calls between two snapshots, divided by {@code operations}. */
	static Map<String, Double> perOperation(Map<String, Long> before, Map<String, Long> after, long operations) {
		Map<String, Double> per = new LinkedHashMap<>();
		after.forEach((command, calls) -> {
			long delta = calls - before.getOrDefault(command, 0L);
			if (delta > 0) {
				per.put(command, (double) delta / operations);
			}
		});
		return per;
	}

	/** Per-command calls between two snapshots. */
	static Map<String, Long> delta(Map<String, Long> before, Map<String, Long> after) {
		Map<String, Long> delta = new LinkedHashMap<>();
		after.forEach((command, calls) -> {
			long difference = calls - before.getOrDefault(command, 0L);
			if (difference > 0) {
				delta.put(command, difference);
			}
		});
		return delta;
	}

	private static RedisURI uri(String node) {
		int colon = node.lastIndexOf(':');
		return RedisURI.create(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)));
	}

	@Override
	public void close() {
		if (isCluster()) {
			this.nodes.forEach(StatefulRedisConnection::close);
			this.nodeClients.forEach(RedisClient::shutdown);
		}
		this.connection.close();
		this.client.shutdown();
	}

}
