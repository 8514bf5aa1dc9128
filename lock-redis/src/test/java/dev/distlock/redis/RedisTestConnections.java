package dev.distlock.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/** Connection factories for the tests: each call is an independent Lettuce client with its own connections. */
final class RedisTestConnections {

	/** Generous for a shared machine, short enough that a broken test fails in reasonable time. */
	static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

	private RedisTestConnections() {
	}

	static LettuceConnectionFactory connect(String url) {
		return connect(url, COMMAND_TIMEOUT);
	}

	static LettuceConnectionFactory connect(String url, Duration commandTimeout) {
		LettuceClientConfiguration client = LettuceClientConfiguration.builder().commandTimeout(commandTimeout).build();
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				LettuceConnectionFactory.createRedisConfiguration(url), client);
		factory.afterPropertiesSet();
		return factory;
	}

	/** How many connections of this Redis subscribe to {@code channel}: {@code PUBSUB NUMSUB}. */
	@SuppressWarnings("unchecked")
	static long subscribers(LettuceConnectionFactory connectionFactory, String channel) throws Exception {
		try (RedisConnection connection = connectionFactory.getConnection()) {
			Map<byte[], Long> counts = ((BaseRedisAsyncCommands<byte[], byte[]>) connection.getNativeConnection())
				.pubsubNumsub(channel.getBytes(StandardCharsets.UTF_8))
				.get(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
			return counts.values().stream().mapToLong(Long::longValue).sum();
		}
	}

	/**
	 * How many times this server ran the given commands, scripts' calls included: {@code INFO commandstats}.
	 * @param commands lower-case command names, for example {@code "spublish"}
	 */
	static long commandCalls(LettuceConnectionFactory connectionFactory, String... commands) {
		Properties stats;
		try (RedisConnection connection = connectionFactory.getConnection()) {
			stats = connection.serverCommands().info("commandstats");
		}
		long total = 0;
		for (String command : commands) {
			String line = (stats != null) ? stats.getProperty("cmdstat_" + command) : null;
			if (line != null) {
				Matcher calls = Pattern.compile("calls=(\\d+)").matcher(line);
				if (calls.find()) {
					total += Long.parseLong(calls.group(1));
				}
			}
		}
		return total;
	}

}
