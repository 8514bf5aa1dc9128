package dev.distlock.spring.boot.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.context.annotation.Role;
import org.springframework.core.env.Environment;

import dev.distlock.LockProvider;
import dev.distlock.LockProviders;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.SemaphoreProvider;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.ReadWriteLockAdapter;
import dev.distlock.adapter.SemaphoreAdapter;
import dev.distlock.spring.observation.LockKinds;
import dev.distlock.spring.DistributedLockBeanPostProcessor;
import dev.distlock.spring.NotAcquired;

/**
 * Auto-configures distlock: a {@link LockProvider} (which is also the {@link dev.distlock.LockListenable}) on the
 * adapter {@code distlock.adapter} chooses, and {@link dev.distlock.spring.DistributedLock @DistributedLock} support;
 * a {@link SemaphoreProvider} and a {@link ReadWriteLockProvider} on that backend's {@link SemaphoreAdapter} and
 * {@link ReadWriteLockAdapter}, where it has them, for {@code @DistributedSemaphore} and
 * {@code @DistributedReadWriteLock}.
 * With Jackson, the {@link dev.distlock.spring.jackson.LockJacksonModule} for the application's {@code JsonMapper};
 * with {@code distlock.events.cross-instance.enabled}, lock events from every instance over Redis. Each bean backs
 * off when the application defines its own. Runs after Spring Boot's Redis and {@code DataSource}
 * auto-configurations, so that {@code auto} sees their {@code RedisConnectionFactory} and {@code DataSource}.
 *
 * @since 0.1.0
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

	static final String AOP_ORDER = "distlock.aop-order";

	static final String NOT_ACQUIRED = "distlock.not-acquired";

	DistributedLockAutoConfiguration() {
	}

	// Closed with the context: the destroy method is inferred from AutoCloseable, and close() stops the provider's
	// maintenance thread, so that no renewal outlives the application.
	// Primary: the named providers are LockProvider beans too, and a plain LockProvider injection means this one.
	@Bean
	@Primary
	@ConditionalOnMissingBean(LockProvider.class)
	LockProvider lockProvider(LockAdapter lockAdapter, DistlockProperties properties, Environment environment,
			ObjectProvider<LockProviderBuilderCustomizer> customizers) {
		// Checked here too, not only where the view is made: a bad value fails every startup, used or not.
		HeldLocksAutoConfiguration.maxSize(properties, environment);
		return LockProviderFactory.create(LockProviders.DEFAULT_NAME, lockAdapter, properties.defaultProvider(),
				environment, customizers.orderedStream().toList());
	}

	// Semaphores and read-write locks on the adapters of the backend the locks use, with the same distlock.*
	// settings (not distlock.providers.*: those are lock providers). Closed with the context, like the lock provider.
	// A backend that has such adapters defines them beside its lock adapter; no-op has none, so neither provider.
	@Bean
	@ConditionalOnBean(SemaphoreAdapter.class)
	@ConditionalOnMissingBean(SemaphoreProvider.class)
	SemaphoreProvider semaphoreProvider(SemaphoreAdapter semaphoreAdapter, DistlockProperties properties,
			Environment environment, ObjectProvider<LeaseProviderBuilderCustomizer> customizers) {
		return SemaphoreProvider.create(semaphoreAdapter, (builder) -> leaseProviderSettings(LockKinds.SEMAPHORE,
				builder, properties, environment, customizers));
	}

	@Bean
	@ConditionalOnBean(ReadWriteLockAdapter.class)
	@ConditionalOnMissingBean(ReadWriteLockProvider.class)
	ReadWriteLockProvider readWriteLockProvider(ReadWriteLockAdapter readWriteLockAdapter,
			DistlockProperties properties, Environment environment,
			ObjectProvider<LeaseProviderBuilderCustomizer> customizers) {
		return ReadWriteLockProvider.create(readWriteLockAdapter, (builder) -> leaseProviderSettings(
				LockKinds.READ_WRITE_LOCK, builder, properties, environment, customizers));
	}

	private static void leaseProviderSettings(String kind, LockProvider.Builder builder, DistlockProperties properties,
			Environment environment, ObjectProvider<LeaseProviderBuilderCustomizer> customizers) {
		LockProviderFactory.applyProperties(LockProviders.DEFAULT_NAME, builder, properties.defaultProvider(),
				environment);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(kind, builder));
	}

	// Every provider by name, for JSON routing by namespace, the endpoint and the health indicator. Not closed here:
	// each provider is a bean the context closes.
	@Bean(destroyMethod = "")
	@ConditionalOnMissingBean
	LockProviders lockProviders(LockProvider lockProvider, DistlockProperties properties,
			ListableBeanFactory beanFactory) {
		return NamedLockProviders.collect(lockProvider, properties, beanFactory);
	}

	@Bean
	static NamedLockProvidersRegistrar namedLockProvidersRegistrar() {
		return new NamedLockProvidersRegistrar();
	}

	@Bean
	@ConfigurationPropertiesBinding
	static ExpiryConverter distlockExpiryConverter() {
		return new ExpiryConverter();
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
		// Bound here only, not in DistlockProperties: the metadata describes these two.
		postProcessor.setAdvisorOrder(binder.bind(AOP_ORDER, Integer.class)
			.orElse(DistributedLockBeanPostProcessor.DEFAULT_ADVISOR_ORDER));
		// Class-based proxies unless the application asks otherwise, as for every other Spring Boot proxy.
		postProcessor.setProxyTargetClass(binder.bind("spring.aop.proxy-target-class", Boolean.class).orElse(true));
		postProcessor.setDefaultNotAcquired(
				binder.bind(NOT_ACQUIRED, NotAcquired.class).orElse(NotAcquired.THROW));
		return postProcessor;
	}

}
