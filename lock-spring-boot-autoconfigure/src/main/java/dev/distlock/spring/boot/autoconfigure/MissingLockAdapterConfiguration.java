package dev.distlock.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

import dev.distlock.adapter.LockAdapter;

/**
 * Last in line: when no adapter configuration matched and the application has no adapter of its own, fails the
 * startup with the reason, either an unknown {@code distlock.adapter} or {@code redis} without what it needs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(LockAdapter.class)
final class MissingLockAdapterConfiguration {

	static final String REDIS_CONNECTION_FACTORY = "org.springframework.data.redis.connection.RedisConnectionFactory";

	static final String REDIS_LOCK_ADAPTER = "dev.distlock.redis.RedisLockAdapter";

	@Bean
	LockAdapter lockAdapter(Environment environment, ResourceLoader resourceLoader) {
		String value = environment.getProperty(OnLockAdapterCondition.PROPERTY);
		LockAdapterType type = LockAdapterType.fromPropertyValue(value);
		if (type != LockAdapterType.REDIS) {
			throw new DistlockConfigurationException(OnLockAdapterCondition.PROPERTY, value,
					"'" + value + "' is not a lock adapter.",
					"Set distlock.adapter to one of: " + LockAdapterType.propertyValues() + ".");
		}
		ClassLoader classLoader = resourceLoader.getClassLoader();
		if (!ClassUtils.isPresent(REDIS_CONNECTION_FACTORY, classLoader)) {
			throw new DistlockConfigurationException(OnLockAdapterCondition.PROPERTY, value,
					"The Redis adapter needs Spring Data Redis, which is not on the classpath.",
					"Add the dependency org.springframework.boot:spring-boot-starter-data-redis, or set "
							+ "distlock.adapter to memory or auto.");
		}
		if (!ClassUtils.isPresent(REDIS_LOCK_ADAPTER, classLoader)) {
			throw new DistlockConfigurationException(OnLockAdapterCondition.PROPERTY, value,
					"The Redis adapter's module is not on the classpath.",
					"Add the dependency dev.distlock:lock-redis, or set distlock.adapter to memory or auto.");
		}
		throw new DistlockConfigurationException(OnLockAdapterCondition.PROPERTY, value,
				"The Redis adapter needs a RedisConnectionFactory bean, and the application has none.",
				"Configure Redis with the spring.data.redis.* properties (spring-boot-starter-data-redis "
						+ "auto-configures the factory), define a RedisConnectionFactory bean, or set "
						+ "distlock.adapter to memory.");
	}

}
