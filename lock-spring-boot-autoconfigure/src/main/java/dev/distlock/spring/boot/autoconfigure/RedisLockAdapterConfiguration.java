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

	private static final String COMMAND_TIMEOUT = "distlock.redis.command-timeout";

	// Beyond a day a timeout is no longer one a caller can wait out; the adapter refuses it too, without the name.
	private static final Duration MAX_COMMAND_TIMEOUT = Duration.ofDays(1);

	@Bean
	@ConditionalOnMissingBean(LockAdapter.class)
	RedisLockAdapter lockAdapter(RedisConnectionFactory connectionFactory, DistlockProperties properties,
			Environment environment) {
		return new RedisLockAdapter(connectionFactory,
				RedisLockAdapterSettings.defaults().withCommandTimeout(commandTimeout(properties, environment)));
	}

	private static Duration commandTimeout(DistlockProperties properties, Environment environment) {
		String action = "Set " + COMMAND_TIMEOUT + " to a positive duration of at most a day, such as 500ms or 2s.";
		Duration timeout = LockProviderFactory.positive(environment, COMMAND_TIMEOUT,
				properties.redis().commandTimeout(), action);
		if (timeout.compareTo(MAX_COMMAND_TIMEOUT) > 0) {
			throw new DistlockConfigurationException(COMMAND_TIMEOUT,
					LockProviderFactory.written(environment, COMMAND_TIMEOUT, timeout),
					"The command timeout must be at most a day.", action);
		}
		return timeout;
	}

}
