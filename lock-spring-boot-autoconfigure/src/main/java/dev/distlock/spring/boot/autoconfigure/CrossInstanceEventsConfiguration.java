package dev.distlock.spring.boot.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ResourceLoader;

/**
 * Lock events from every instance, when {@code distlock.events.cross-instance.enabled} is true: over Redis when the
 * application has it, otherwise a startup failure that says what is missing. Local delivery stays the default.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(CrossInstanceEventsConfiguration.PROPERTY)
@Import(RedisLockEventBusConfiguration.class)
final class CrossInstanceEventsConfiguration {

	static final String PROPERTY = "distlock.events.cross-instance.enabled";

	@Bean
	RedisLockEventBusRequirement redisLockEventBusRequirement(ListableBeanFactory beanFactory,
			ResourceLoader resourceLoader) {
		return RedisLockEventBusRequirement.check(beanFactory, resourceLoader.getClassLoader());
	}

}
