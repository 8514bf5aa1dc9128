package dev.distlock.spring.observation;

import java.util.Locale;

import dev.distlock.LockProvider;
import dev.distlock.event.LockLostEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import static dev.distlock.spring.observation.LockObservation.LowCardinalityKeyNames.ADAPTER;
import static dev.distlock.spring.observation.LockObservation.LowCardinalityKeyNames.KEY;
import static dev.distlock.spring.observation.LockObservation.LowCardinalityKeyNames.LOCK_NAME;
import static dev.distlock.spring.observation.LockObservation.LowCardinalityKeyNames.NAMESPACE;
import static dev.distlock.spring.observation.LockMeters.LostLockKeyNames.DETECTION;

/**
 * Counts the locks this instance finds lost ({@link LockMeters#LOST}), from the provider's
 * {@link LockLostEvent}s. Losses that other instances report over a cross-instance bus are theirs to count: each
 * instance counts its own, so that a metrics backend may sum them.
 *
 * @since 0.1.0
 */
public final class LostLocksMeterBinder implements MeterBinder {

	private final LockProvider provider;

	private final Tags tags;

	private final boolean keyTag;

	/**
	 * Creates the binder, without the key tag.
	 * @param provider the provider whose lost locks are counted; its namespace is a tag
	 * @param adapter the adapter's tag value, see {@link LockAdapterNames}
	 */
	public LostLocksMeterBinder(LockProvider provider, String adapter) {
		this(provider, adapter, false);
	}

	/**
	 * Creates the binder.
	 * @param provider the provider whose lost locks are counted; its namespace is a tag
	 * @param adapter the adapter's tag value, see {@link LockAdapterNames}
	 * @param keyTag whether to tag with the lock's key, which is unbounded: every key makes new time series
	 */
	public LostLocksMeterBinder(LockProvider provider, String adapter, boolean keyTag) {
		this.provider = provider;
		this.tags = Tags.of(NAMESPACE.asString(), provider.getNamespace().root(), ADAPTER.asString(), adapter);
		this.keyTag = keyTag;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.provider.addListener(LockLostEvent.class, (event) -> {
			if (this.provider.getInstanceId().equals(event.origin())) {
				counter(event).register(registry).increment();
			}
		});
	}

	private Counter.Builder counter(LockLostEvent event) {
		Counter.Builder counter = Counter.builder(LockMeters.LOST.getName())
			.tags(this.tags)
			.tag(LOCK_NAME.asString(), event.lock().getName().orElse(DefaultLockObservationConvention.NO_NAME))
			.tag(DETECTION.asString(), event.detection().name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.description("Locks this instance found lost while it held them");
		return this.keyTag ? counter.tag(KEY.asString(), event.lock().getKey()) : counter;
	}

}
