package dev.distlock.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

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

	/** A channel of its own per test class, so other test runs on the same Redis never wake its waiters. */
	static RedisLockAdapterSettings privateChannel() {
		return RedisLockAdapterSettings.defaults().withReleaseChannel("distlock:test:" + UUID.randomUUID());
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

}
