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
import dev.distlock.redis.RedisLockAdapter;
import dev.distlock.redis.RedisLockAdapterSettings;

/**
 * The Redis adapter, on the application's {@link RedisConnectionFactory}: chosen by {@code distlock.adapter=redis},
 * and by {@code auto} when there is such a factory, with the release channel and command timeout of
 * {@code distlock.redis.*}. Spring Boot closes the adapter (its release subscription) on shutdown; the connection
 * factory stays Boot's.
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

	static RedisLockAdapter adapter(RedisConnectionFactory connectionFactory, DistlockProperties.Redis redis,
			String prefix, Environment environment) {
		RedisLockAdapterSettings settings = RedisLockAdapterSettings.defaults();
		Duration commandTimeout = redis.commandTimeout();
		if (commandTimeout != null) {
			settings = settings.withCommandTimeout(commandTimeout(commandTimeout, prefix + COMMAND_TIMEOUT, environment));
		}
		return new RedisLockAdapter(connectionFactory, settings);
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
