package dev.distlock.spring.boot.autoconfigure.actuate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.distlock.LockProvider;
import dev.distlock.LockProviders;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.SemaphoreProvider;
import dev.distlock.spring.actuate.LocksEndpoint;
import dev.distlock.spring.actuate.LocksEndpointWebExtension;
import dev.distlock.spring.boot.autoconfigure.HeldLocksAutoConfiguration;
import dev.distlock.spring.observation.HeldLocks;

/**
 * The {@code locks} Actuator endpoint, when it is available: exposed, which over HTTP it is not until
 * {@code management.endpoints.web.exposure.include} names it, and not {@code management.endpoint.locks.access=none}.
 * Its reads are then available; its force release only with {@code management.endpoint.locks.access=unrestricted}.
 * Over HTTP, {@link LocksEndpointWebExtension} answers bad keys with a 400 problem detail.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = HeldLocksAutoConfiguration.class,
		afterName = "org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration")
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(HeldLocks.class)
@ConditionalOnAvailableEndpoint(LocksEndpoint.class)
public final class LocksEndpointAutoConfiguration {

	LocksEndpointAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	LocksEndpoint locksEndpoint(LockProvider provider, HeldLocks heldLocks, ObjectProvider<LockProviders> providers,
			ObjectProvider<SemaphoreProvider> semaphores, ObjectProvider<ReadWriteLockProvider> readWriteLocks) {
		return new LocksEndpoint(provider, heldLocks, providers.getIfAvailable(), semaphores.getIfUnique(),
				readWriteLocks.getIfUnique());
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(LocksEndpoint.class)
	@ConditionalOnAvailableEndpoint(endpoint = LocksEndpoint.class, exposure = EndpointExposure.WEB)
	LocksEndpointWebExtension locksEndpointWebExtension(LocksEndpoint locksEndpoint) {
		return new LocksEndpointWebExtension(locksEndpoint);
	}

}
