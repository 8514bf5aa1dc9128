package dev.distlock.spring.boot.autoconfigure;

import org.springframework.core.Ordered;

import dev.distlock.LockProvider;
import dev.distlock.LockProviders;
import dev.distlock.event.LockEventBus;

/**
 * Sets the event bus that distlock's properties chose. Runs early, after the instance id, so that the application's
 * customizers may still replace it.
 */
final class EventBusCustomizer implements LockProviderBuilderCustomizer, Ordered {

	private final LockEventBus eventBus;

	EventBusCustomizer(LockEventBus eventBus) {
		this.eventBus = eventBus;
	}

	@Override
	public void customize(String providerName, LockProvider.Builder builder) {
		// One bus carries one provider's events (it binds to it): the named providers keep local buses.
		if (providerName.equals(LockProviders.DEFAULT_NAME)) {
			builder.eventBus(this.eventBus);
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

}
