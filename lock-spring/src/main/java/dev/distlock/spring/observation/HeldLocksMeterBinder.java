package dev.distlock.spring.observation;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import static dev.distlock.spring.observation.LockObservation.LowCardinalityKeyNames.ADAPTER;
import static dev.distlock.spring.observation.LockObservation.LowCardinalityKeyNames.LOCK_NAME;
import static dev.distlock.spring.observation.LockObservation.LowCardinalityKeyNames.NAMESPACE;

/**
 * Binds the meters of {@link HeldLocks} ({@link LockMeters}): the number of locks held now, how long locks were held
 * until released, and how many acquires the view could not record because it was full.
 *
 * @since 0.1.0
 */
public final class HeldLocksMeterBinder implements MeterBinder {

	private final HeldLocks heldLocks;

	private final Tags tags;

	/**
	 * Creates the binder.
	 * @param heldLocks the locks this instance holds
	 * @param namespace the provider's namespace, a tag
	 * @param adapter the adapter's tag value, see {@link LockAdapterNames}
	 */
	public HeldLocksMeterBinder(HeldLocks heldLocks, String namespace, String adapter) {
		this.heldLocks = heldLocks;
		this.tags = Tags.of(NAMESPACE.asString(), namespace, ADAPTER.asString(), adapter);
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder(LockMeters.HELD.getName(), this.heldLocks, HeldLocks::count)
			.tags(this.tags)
			.description("Locks this instance holds now")
			.register(registry);
		FunctionCounter.builder(LockMeters.HELD_OVERFLOW.getName(), this.heldLocks, HeldLocks::overflowCount)
			.tags(this.tags)
			.description("Acquires not recorded in the held locks because " + this.heldLocks.getMaxSize()
					+ " locks were tracked already")
			.register(registry);
		this.heldLocks.addReleaseListener((lock, heldFor) -> Timer.builder(LockMeters.HOLD_TIME.getName())
			.tags(this.tags)
			.tag(LOCK_NAME.asString(), (lock.name() != null) ? lock.name() : DefaultLockObservationConvention.NO_NAME)
			.description("How long locks were held, from acquire to release")
			.register(registry)
			.record(heldFor));
	}

}
