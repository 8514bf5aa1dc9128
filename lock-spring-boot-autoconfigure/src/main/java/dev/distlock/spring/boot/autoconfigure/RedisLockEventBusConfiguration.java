package dev.distlock.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.distlock.redis.RedisLockEventBus;

/**
 * The {@link RedisLockEventBus} on the application's {@link RedisConnectionFactory}, whichever adapter holds the
 * locks, and the customizer that gives it to the provider. Spring Boot closes the bus on shutdown.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ RedisConnectionFactory.class, RedisLockEventBus.class })
@ConditionalOnBean(RedisConnectionFactory.class)
final class RedisLockEventBusConfiguration {

	@Bean
	@ConditionalOnMissingBean
	RedisLockEventBus redisLockEventBus(RedisConnectionFactory connectionFactory) {
		return new RedisLockEventBus(connectionFactory);
	}

	@Bean
	EventBusCustomizer redisLockEventBusCustomizer(RedisLockEventBus redisLockEventBus) {
		return new EventBusCustomizer(redisLockEventBus);
	}

}
