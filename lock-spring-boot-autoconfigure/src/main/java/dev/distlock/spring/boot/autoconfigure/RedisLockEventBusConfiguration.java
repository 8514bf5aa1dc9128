package dev.distlock.spring.boot.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.distlock.LockProvider;
import dev.distlock.redis.RedisLockEventBus;

/**
 * The {@link RedisLockEventBus} on the application's {@link RedisConnectionFactory}, whichever adapter holds the
 * locks, and the customizer that gives it to the provider. Spring Boot closes the bus on shutdown. The bus sends
 * owners' fingerprints unless {@code distlock.events.cross-instance.include-owners} is true: owners are credentials.
 *
 * <p>The bus is a bean, to be closed with the application and found by type, but not a candidate for injection: it is
 * a {@link dev.distlock.LockListenable} too, and the one to inject stays the provider.
 *
 * <p>With Micrometer, its counts are the counters {@code distlock.events.dropped} and {@code distlock.events.garbage}
 * ({@link RedisLockEventBusMeterBinder}), which Spring Boot binds to every {@code MeterRegistry} it configures.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ RedisConnectionFactory.class, RedisLockEventBus.class })
@ConditionalOnBean(RedisConnectionFactory.class)
final class RedisLockEventBusConfiguration {

	@Bean(autowireCandidate = false)
	@ConditionalOnMissingBean
	RedisLockEventBus redisLockEventBus(RedisConnectionFactory connectionFactory, DistlockProperties properties) {
		return new RedisLockEventBus(connectionFactory, properties.events().crossInstance().includeOwners());
	}

	@Bean
	EventBusCustomizer redisLockEventBusCustomizer(ListableBeanFactory beanFactory) {
		// Looked up rather than injected, since it is no autowire candidate; a lookup by type still finds it.
		return new EventBusCustomizer(beanFactory.getBean(RedisLockEventBus.class));
	}

	// A binder rather than a condition on a MeterRegistry bean: this configuration may run before Boot's metrics
	// auto-configuration, and Boot binds every MeterBinder bean to its registries, whenever they come.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.binder.MeterBinder")
	static final class Meters {

		@Bean
		RedisLockEventBusMeterBinder redisLockEventBusMeterBinder(ListableBeanFactory beanFactory,
				ObjectProvider<LockProvider> provider) {
			// Looked up like the customizer's: the bus is no autowire candidate.
			return new RedisLockEventBusMeterBinder(beanFactory.getBean(RedisLockEventBus.class), provider);
		}

	}

}
