package dev.distlock.spring.boot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

import dev.distlock.DefaultLockProvider;
import dev.distlock.LockProvider;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.spring.DistributedLockBeanPostProcessor;
import dev.distlock.spring.NotAcquired;

/**
 * Auto-configures distlock: a {@link LockProvider} (which is also the {@link dev.distlock.LockListenable}) on the
 * adapter {@code distlock.adapter} chooses, and {@link dev.distlock.spring.DistributedLock @DistributedLock} support.
 * With Jackson, the {@link dev.distlock.spring.jackson.LockJacksonModule} for the application's {@code JsonMapper};
 * with {@code distlock.events.cross-instance.enabled}, lock events from every instance over Redis. Each bean backs
 * off when the application defines its own. Runs after Spring Boot's Redis and {@code DataSource}
 * auto-configurations, so that {@code auto} sees their {@code RedisConnectionFactory} and {@code DataSource}.
 */
// By name: neither Spring Data Redis nor Spring Boot's JDBC support need be on the classpath.
@AutoConfiguration(afterName = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration" })
@EnableConfigurationProperties(DistlockProperties.class)
// In this order: auto takes the first adapter whose configuration matches.
@Import({ RedisLockAdapterConfiguration.class, JdbcLockAdapterConfiguration.class, MemoryLockAdapterConfiguration.class,
		NoOpLockAdapterConfiguration.class, MissingLockAdapterConfiguration.class, LockJacksonConfiguration.class,
		CrossInstanceEventsConfiguration.class })
public final class DistributedLockAutoConfiguration {

	DistributedLockAutoConfiguration() {
	}

	// Closed with the context: the destroy method is inferred from AutoCloseable, and close() stops the provider's
	// maintenance thread, so that no renewal outlives the application.
	@Bean
	@ConditionalOnMissingBean(LockProvider.class)
	DefaultLockProvider lockProvider(LockAdapter lockAdapter, DistlockProperties properties, Environment environment,
			ObjectProvider<LockProviderBuilderCustomizer> customizers) {
		return LockProviderFactory.create(lockAdapter, properties, environment, customizers.orderedStream().toList());
	}

	@Bean
	InstanceIdCustomizer lockProviderInstanceIdCustomizer(DistlockProperties properties, Environment environment) {
		return new InstanceIdCustomizer(properties, environment);
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	@ConditionalOnMissingBean
	static DistributedLockBeanPostProcessor distributedLockBeanPostProcessor(Environment environment) {
		// Bound here rather than injected: a post-processor is created before configuration properties beans.
		Binder binder = Binder.get(environment);
		DistributedLockBeanPostProcessor postProcessor = new DistributedLockBeanPostProcessor();
		postProcessor.setAdvisorOrder(binder.bind("distlock.aop-order", Integer.class)
			.orElse(DistributedLockBeanPostProcessor.DEFAULT_ADVISOR_ORDER));
		// Class-based proxies unless the application asks otherwise, as for every other Spring Boot proxy.
		postProcessor.setProxyTargetClass(binder.bind("spring.aop.proxy-target-class", Boolean.class).orElse(true));
		postProcessor.setDefaultNotAcquired(
				binder.bind("distlock.not-acquired", NotAcquired.class).orElse(NotAcquired.THROW));
		return postProcessor;
	}

}
