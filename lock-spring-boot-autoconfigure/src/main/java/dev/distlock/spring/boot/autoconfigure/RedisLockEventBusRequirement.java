package dev.distlock.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * Proof, as a bean, that enabled cross-instance events have their Redis bus: created at startup, it fails with a
 * {@link DistlockConfigurationException} that says which of the bus's three needs is missing. A check rather than a
 * condition, because the bus bean is no autowire candidate, and bean conditions do not see such beans.
 */
final class RedisLockEventBusRequirement {

	static final String REDIS_LOCK_EVENT_BUS = "dev.distlock.redis.RedisLockEventBus";

	private RedisLockEventBusRequirement() {
	}

	static RedisLockEventBusRequirement check(ListableBeanFactory beanFactory, @Nullable ClassLoader classLoader) {
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
		Class<?> busType = ClassUtils.resolveClassName(REDIS_LOCK_EVENT_BUS, classLoader);
		if (beanFactory.getBeanNamesForType(busType, true, false).length == 0) {
			throw new DistlockConfigurationException(property, "true",
					"Lock events from every instance travel over Redis, and the application has no "
							+ "RedisConnectionFactory bean.",
					"Configure Redis with the spring.data.redis.* properties (spring-boot-starter-data-redis "
							+ "auto-configures the factory), define a RedisConnectionFactory bean, or set " + property
							+ " to false.");
		}
		return new RedisLockEventBusRequirement();
	}

}
