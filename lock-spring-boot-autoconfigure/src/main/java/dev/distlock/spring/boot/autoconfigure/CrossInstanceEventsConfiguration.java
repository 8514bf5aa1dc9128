package dev.distlock.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Lock events from every instance, when {@code distlock.events.cross-instance.enabled} is true: over Redis when the
 * application has it, otherwise a startup failure that says what is missing. Local delivery stays the default.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(CrossInstanceEventsConfiguration.PROPERTY)
@Import({ RedisLockEventBusConfiguration.class, MissingRedisLockEventBusConfiguration.class })
final class CrossInstanceEventsConfiguration {

	static final String PROPERTY = "distlock.events.cross-instance.enabled";

}
