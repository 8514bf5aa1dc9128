package dev.distlock.spring.boot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import dev.distlock.LockProvider;
import dev.distlock.LockProviders;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.SemaphoreProvider;
import dev.distlock.spring.event.LockApplicationEventBridge;

/**
 * Publishes every lock event as a Spring application event, those of the semaphore and read-write lock providers
 * too, unless
 * {@code distlock.events.application-events.enabled} is {@code false}.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = DistributedLockAutoConfiguration.class)
// On the lock provider, not on LockListenable: the semaphore and read-write lock providers are listenables too.
@ConditionalOnSingleCandidate(LockProvider.class)
@ConditionalOnBooleanProperty(name = "distlock.events.application-events.enabled", matchIfMissing = true)
public final class LockApplicationEventsAutoConfiguration {

	LockApplicationEventsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	LockApplicationEventBridge lockApplicationEventBridge(LockProvider listenable,
			ObjectProvider<LockProviders> providers, ObjectProvider<SemaphoreProvider> semaphores,
			ObjectProvider<ReadWriteLockProvider> readWriteLocks, ApplicationEventPublisher publisher) {
		LockApplicationEventBridge bridge = new LockApplicationEventBridge(publisher);
		// The providers live as long as the context, so the registrations need no removal.
		listenable.addListener(bridge);
		// The named providers' events too; each event's lock tells its provider by namespace.
		LockProviders all = providers.getIfAvailable();
		if (all != null) {
			all.asMap().values().stream().filter((provider) -> provider != listenable)
				.forEach((provider) -> provider.addListener(bridge));
		}
		// The semaphores' and read-write locks' events too: their slots and halves are the events' locks.
		semaphores.orderedStream().forEach((provider) -> provider.addListener(bridge));
		readWriteLocks.orderedStream().forEach((provider) -> provider.addListener(bridge));
		return bridge;
	}

}
