package dev.distlock.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;

import dev.distlock.LockListenable;
import dev.distlock.spring.event.LockApplicationEventBridge;

/**
 * Publishes every lock event as a Spring application event, unless
 * {@code distlock.events.application-events.enabled} is {@code false}.
 */
@AutoConfiguration(after = DistributedLockAutoConfiguration.class)
@ConditionalOnSingleCandidate(LockListenable.class)
@ConditionalOnBooleanProperty(name = "distlock.events.application-events.enabled", matchIfMissing = true)
public final class LockApplicationEventsAutoConfiguration {

	LockApplicationEventsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	LockApplicationEventBridge lockApplicationEventBridge(LockListenable listenable,
			ApplicationEventPublisher publisher) {
		LockApplicationEventBridge bridge = new LockApplicationEventBridge(publisher);
		// The provider lives as long as the context, so the registration needs no removal.
		listenable.addListener(bridge);
		return bridge;
	}

}
