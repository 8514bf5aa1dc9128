package dev.distlock.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/** The private benchmark Redis that benchmarks/run starts: its port, connections to it, and its command counts. */
final class BenchRedis implements AutoCloseable {

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	BenchRedis(int port) {
		this.client = RedisClient.create(RedisURI.create("127.0.0.1", port));
		this.connection = this.client.connect();
	}

	/** The port from {@code -Ddistlock.bench.redisPort}; never the shared 6379 unless told. */
	static int port() {
		String port = System.getProperty("distlock.bench.redisPort");
		if (port == null) {
			throw new IllegalStateException("Set -Ddistlock.bench.redisPort to the private benchmark Redis");
		}
		return Integer.parseInt(port);
	}

	/** A started Spring Data connection factory, as Spring Boot would configure one. */
	static LettuceConnectionFactory connectionFactory(int port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	StatefulRedisConnection<String, String> connection() {
		return this.connection;
	}

	/** Calls per command since the server started, from {@code INFO commandstats}; INFO itself left out. */
	Map<String, Long> commandCalls() {
		Map<String, Long> calls = new LinkedHashMap<>();
		for (String line : this.connection.sync().info("commandstats").split("\r?\n")) {
			if (!line.startsWith("cmdstat_")) {
				continue;
			}
			String name = line.substring("cmdstat_".length(), line.indexOf(':'));
			int start = line.indexOf("calls=") + "calls=".length();
			int end = line.indexOf(',', start);
			if (!name.equals("info")) {
				calls.put(name, Long.parseLong(line.substring(start, end)));
			}
		}
		return calls;
	}

	/** Per-command calls between two {@link #commandCalls()} snapshots, divided by {@code operations}. */
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

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

}
