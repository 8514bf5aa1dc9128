package dev.distlock.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.redis.RedisLockAdapter;
import dev.distlock.redis.RedisLockAdapterSettings;

/**
 * The Redis adapter, on the application's {@link RedisConnectionFactory}: chosen by {@code distlock.adapter=redis},
 * and by {@code auto} when there is such a factory. Spring Boot closes the adapter (its release subscription) on
 * shutdown; the connection factory stays Boot's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ RedisConnectionFactory.class, RedisLockAdapter.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnLockAdapter({ LockAdapterType.AUTO, LockAdapterType.REDIS })
final class RedisLockAdapterConfiguration {

	@Bean
	@ConditionalOnMissingBean(LockAdapter.class)
	RedisLockAdapter lockAdapter(RedisConnectionFactory connectionFactory, DistlockProperties properties) {
		String channel = properties.redis().releaseChannel();
		RedisLockAdapterSettings settings = (channel != null && !channel.isBlank())
				? RedisLockAdapterSettings.defaults().withReleaseChannel(channel)
				: RedisLockAdapterSettings.forNamespace(LockProviderFactory.namespace(properties));
		return new RedisLockAdapter(connectionFactory, settings);
	}

}
