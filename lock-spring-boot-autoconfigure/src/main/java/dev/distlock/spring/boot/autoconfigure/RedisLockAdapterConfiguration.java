package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.ReadWriteLockAdapter;
import dev.distlock.adapter.SemaphoreAdapter;
import dev.distlock.redis.RedisLockAdapter;
import dev.distlock.redis.RedisLockAdapterSettings;
import dev.distlock.redis.RedisReadWriteLockAdapter;
import dev.distlock.redis.RedisSemaphoreAdapter;

/**
 * The Redis adapter, on the application's {@link RedisConnectionFactory}: chosen by {@code distlock.adapter=redis},
 * and by {@code auto} when there is such a factory, with the release channel and command timeout of
 * {@code distlock.redis.*}; beside it the Redis semaphore and read-write lock adapters, on the same factory and
 * settings. Spring Boot closes the adapters (their subscriptions) on shutdown; the connection factory stays Boot's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ RedisConnectionFactory.class, RedisLockAdapter.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnLockAdapter({ LockAdapterType.AUTO, LockAdapterType.REDIS })
final class RedisLockAdapterConfiguration {

	private static final String COMMAND_TIMEOUT = ".redis.command-timeout";

	// Beyond a day a timeout is no longer one a caller can wait out; the adapter refuses it too, without the name.
	private static final Duration MAX_COMMAND_TIMEOUT = Duration.ofDays(1);

	@Bean
	@ConditionalOnMissingBean(LockAdapter.class)
	RedisLockAdapter lockAdapter(RedisConnectionFactory connectionFactory, DistlockProperties properties,
			Environment environment) {
		return adapter(connectionFactory, properties.redis(), DistlockProperties.PREFIX, environment);
	}

	// Beside Redis locks only, on the same factory and settings: with auto this configuration matches also when the
	// application defined its own lock adapter.
	@Bean
	@ConditionalOnBean(RedisLockAdapter.class)
	@ConditionalOnMissingBean(SemaphoreAdapter.class)
	RedisSemaphoreAdapter semaphoreAdapter(RedisConnectionFactory connectionFactory, DistlockProperties properties,
			Environment environment) {
		return new RedisSemaphoreAdapter(connectionFactory,
				settings(properties.redis(), DistlockProperties.PREFIX, environment));
	}

	@Bean
	@ConditionalOnBean(RedisLockAdapter.class)
	@ConditionalOnMissingBean(ReadWriteLockAdapter.class)
	RedisReadWriteLockAdapter readWriteLockAdapter(RedisConnectionFactory connectionFactory,
			DistlockProperties properties, Environment environment) {
		return new RedisReadWriteLockAdapter(connectionFactory,
				settings(properties.redis(), DistlockProperties.PREFIX, environment));
	}

	static RedisLockAdapter adapter(RedisConnectionFactory connectionFactory, DistlockProperties.Redis redis,
			String prefix, Environment environment) {
		return new RedisLockAdapter(connectionFactory, settings(redis, prefix, environment));
	}

	private static RedisLockAdapterSettings settings(DistlockProperties.Redis redis, String prefix,
			Environment environment) {
		RedisLockAdapterSettings settings = RedisLockAdapterSettings.defaults();
		Duration commandTimeout = redis.commandTimeout();
		if (commandTimeout != null) {
			settings = settings.withCommandTimeout(commandTimeout(commandTimeout, prefix + COMMAND_TIMEOUT, environment));
		}
		return settings;
	}

	private static Duration commandTimeout(Duration timeout, String property, Environment environment) {
		String action = "Set " + property + " to a positive duration of at most a day, such as 500ms or 2s.";
		LockProviderFactory.positive(environment, property, timeout, action);
		if (timeout.compareTo(MAX_COMMAND_TIMEOUT) > 0) {
			throw new DistlockConfigurationException(property, LockProviderFactory.written(environment, property, timeout),
					"The command timeout must be at most a day.", action);
		}
		return timeout;
	}

}
