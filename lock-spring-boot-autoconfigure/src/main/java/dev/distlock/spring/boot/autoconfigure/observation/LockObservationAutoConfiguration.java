package dev.distlock.spring.boot.autoconfigure.observation;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.distlock.LockObserver;
import dev.distlock.LockProviders;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.spring.boot.autoconfigure.DistlockProperties;
import dev.distlock.spring.boot.autoconfigure.DistributedLockAutoConfiguration;
import dev.distlock.spring.boot.autoconfigure.LeaseProviderBuilderCustomizer;
import dev.distlock.spring.boot.autoconfigure.LockProviderBuilderCustomizer;
import dev.distlock.spring.observation.LockKinds;
import dev.distlock.adapter.ReadWriteLockAdapter;
import dev.distlock.adapter.SemaphoreAdapter;
import dev.distlock.spring.observation.DefaultLockObservationConvention;
import dev.distlock.spring.observation.LockAdapterNames;
import dev.distlock.spring.observation.LockObservationConvention;
import dev.distlock.spring.observation.ObservationLockObserver;
import io.micrometer.observation.ObservationRegistry;

/**
 * Observes every lock operation of the auto-configured provider on the application's {@link ObservationRegistry}:
 * timers through Micrometer's meter handler, spans through a tracer, both as Spring Boot configures them. A
 * {@link LockObservationConvention} bean replaces the default names and tags; a {@link LockObserver} bean replaces
 * the observer.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = DistributedLockAutoConfiguration.class,
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass(ObservationRegistry.class)
@ConditionalOnBean(ObservationRegistry.class)
public final class LockObservationAutoConfiguration {

	LockObservationAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(LockObserver.class)
	ObservationLockObserver lockObserver(ObservationRegistry registry, ObjectProvider<LockAdapter> adapter,
			DistlockProperties properties, ObjectProvider<LockObservationConvention> convention) {
		return new ObservationLockObserver(registry, LockAdapterNames.of(adapter.getIfUnique()),
				new DefaultLockObservationConvention(properties.metrics().keyTag()), convention.getIfUnique());
	}

	// The semaphore and read-write lock providers' operations are tagged with their kind (distlock.kind) and adapter.
	@Bean
	LeaseProviderBuilderCustomizer leaseObserverCustomizer(LockObserver lockObserver,
			ObjectProvider<SemaphoreAdapter> semaphoreAdapter,
			ObjectProvider<ReadWriteLockAdapter> readWriteLockAdapter) {
		return (kind, builder) -> builder.observer((lockObserver instanceof ObservationLockObserver observations)
				? observations.forKind(kind, LockAdapterNames.of(kind.equals(LockKinds.SEMAPHORE)
						? semaphoreAdapter.getIfUnique() : readWriteLockAdapter.getIfUnique()))
				: lockObserver);
	}

	// A named provider's operations are tagged with its name and its own adapter (distlock.provider, distlock.adapter).
	@Bean
	LockProviderBuilderCustomizer lockObserverCustomizer(LockObserver lockObserver, ListableBeanFactory beanFactory) {
		return (providerName, builder) -> builder.observer(
				(lockObserver instanceof ObservationLockObserver observations && !providerName.equals(LockProviders.DEFAULT_NAME))
						? observations.forProvider(providerName, LockAdapterNames.of(
								beanFactory.getBean(providerName + "LockAdapter", LockAdapter.class)))
						: lockObserver);
	}

}
