package dev.distlock.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Fails the startup when cross-instance events are enabled but the Redis bus could not be configured, saying which
 * of its three needs is missing.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(type = MissingRedisLockEventBusConfiguration.REDIS_LOCK_EVENT_BUS)
final class MissingRedisLockEventBusConfiguration {

	static final String REDIS_LOCK_EVENT_BUS = "dev.distlock.redis.RedisLockEventBus";

	@Bean
	LockProviderBuilderCustomizer redisLockEventBusCustomizer(ResourceLoader resourceLoader) {
		ClassLoader classLoader = resourceLoader.getClassLoader();
		String property = CrossInstanceEventsConfiguration.PROPERTY;
		if (!ClassUtils.isPresent(MissingLockAdapterConfiguration.REDIS_CONNECTION_FACTORY, classLoader)) {
			throw new DistlockConfigurationException(property, "true",
					"Lock events from every instance travel over Redis, and Spring Data Redis is not on the classpath.",
					"Add the dependencies org.springframework.boot:spring-boot-starter-data-redis and "
							+ "dev.distlock:lock-redis, or set " + property + " to false.");
		}
		if (!ClassUtils.isPresent(REDIS_LOCK_EVENT_BUS, classLoader)) {
			throw new DistlockConfigurationException(property, "true",
					"Lock events from every instance travel over Redis, and distlock's Redis module is not on the "
							+ "classpath.",
					"Add the dependency dev.distlock:lock-redis, or set " + property + " to false.");
		}
		throw new DistlockConfigurationException(property, "true",
				"Lock events from every instance travel over Redis, and the application has no RedisConnectionFactory "
						+ "bean.",
				"Configure Redis with the spring.data.redis.* properties (spring-boot-starter-data-redis "
						+ "auto-configures the factory), define a RedisConnectionFactory bean, or set " + property
						+ " to false.");
	}

}
