package dev.distlock.spring.boot.autoconfigure;

import org.springframework.beans.factory.ObjectProvider;

import dev.distlock.LockProvider;
import dev.distlock.redis.RedisLockEventBus;
import dev.distlock.spring.observation.LockObservation;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The counters of the cross-instance event bus: {@value #DROPPED}, the lock events it lost (queues full, publishes
 * that Redis failed or did not confirm in time), and {@value #GARBAGE}, the messages on its channel that were no lock
 * events of the namespace. Both read the bus's own counts, tagged with the namespace like distlock's other meters.
 */
final class RedisLockEventBusMeterBinder implements MeterBinder {

	/** The meter of {@link RedisLockEventBus#getDroppedEventCount()}. */
	static final String DROPPED = "distlock.events.dropped";

	/** The meter of {@link RedisLockEventBus#getGarbageMessageCount()}. */
	static final String GARBAGE = "distlock.events.garbage";

	private final RedisLockEventBus bus;

	private final ObjectProvider<LockProvider> provider;

	RedisLockEventBusMeterBinder(RedisLockEventBus bus, ObjectProvider<LockProvider> provider) {
		this.bus = bus;
		this.provider = provider;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		// Resolved here, when meters are bound after the context's singletons: the provider is built by then.
		LockProvider lockProvider = this.provider.getIfUnique();
		Tags tags = (lockProvider != null)
				? Tags.of(LockObservation.LowCardinalityKeyNames.NAMESPACE.asString(), lockProvider.getNamespace().root())
				: Tags.empty();
		FunctionCounter.builder(DROPPED, this.bus, RedisLockEventBus::getDroppedEventCount)
			.tags(tags)
			.description("Lock events the cross-instance bus lost: its queues were full, or Redis failed or did not "
					+ "confirm a publish in time")
			.register(registry);
		FunctionCounter.builder(GARBAGE, this.bus, RedisLockEventBus::getGarbageMessageCount)
			.tags(tags)
			.description("Messages on the lock events channel dropped as not being lock events of the namespace")
			.register(registry);
	}

}
