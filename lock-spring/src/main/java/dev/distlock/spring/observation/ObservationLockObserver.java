package dev.distlock.spring.observation;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.distlock.Lock;
import dev.distlock.LockObserver;
import dev.distlock.LockOperation;
import dev.distlock.LockProviders;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Observes every lock operation with Micrometer's Observation API ({@link LockObservation#LOCK_OPERATION}): one
 * instrumentation for metrics (a timer per operation and outcome) and tracing (a span per operation). Set it with
 * {@code LockProvider.builder(adapter).observer(...)}; the Spring Boot starter does so when an
 * {@link ObservationRegistry} bean exists.
 *
 * @since 0.1.0
 */
public final class ObservationLockObserver implements LockObserver {

	private final ObservationRegistry registry;

	private final String adapter;

	private final String provider;

	private final String kind;

	private final LockObservationConvention defaultConvention;

	private final @Nullable LockObservationConvention customConvention;

	/**
	 * Creates an observer with the default convention, without the key tag.
	 * @param registry the registry observations go to
	 * @param adapter the adapter's tag value, see {@link LockAdapterNames}
	 */
	public ObservationLockObserver(ObservationRegistry registry, String adapter) {
		this(registry, adapter, new DefaultLockObservationConvention(), null);
	}

	/**
	 * Creates an observer.
	 * @param registry the registry observations go to
	 * @param adapter the adapter's tag value, see {@link LockAdapterNames}
	 * @param defaultConvention the convention used unless the registry has a global one for lock operations
	 * @param customConvention a convention that wins over every other, or {@code null}
	 */
	public ObservationLockObserver(ObservationRegistry registry, String adapter,
			LockObservationConvention defaultConvention, @Nullable LockObservationConvention customConvention) {
		this(registry, adapter, LockProviders.DEFAULT_NAME, LockKinds.LOCK, defaultConvention, customConvention);
	}

	private ObservationLockObserver(ObservationRegistry registry, String adapter, String provider, String kind,
			LockObservationConvention defaultConvention, @Nullable LockObservationConvention customConvention) {
		this.registry = registry;
		this.adapter = adapter;
		this.provider = provider;
		this.kind = kind;
		this.defaultConvention = defaultConvention;
		this.customConvention = customConvention;
	}

	/**
	 * This observer for the locks of another provider: same registry and conventions, the provider's name and
	 * adapter as tags.
	 * @param provider the provider's name, for the {@code distlock.provider} tag
	 * @param adapter the provider's adapter's tag value, see {@link LockAdapterNames}
	 * @return the observer
	 */
	public ObservationLockObserver forProvider(String provider, String adapter) {
		return new ObservationLockObserver(this.registry, adapter, provider, this.kind, this.defaultConvention,
				this.customConvention);
	}

	/**
	 * This observer for the slots of a semaphore provider or the halves of a read-write lock provider: same
	 * registry, conventions and provider name, the kind and that provider's adapter as tags.
	 * @param kind the {@code distlock.kind} tag, {@link LockKinds#SEMAPHORE} or {@link LockKinds#READ_WRITE_LOCK}
	 * @param adapter the adapter's tag value, see {@link LockAdapterNames}
	 * @return the observer
	 */
	public ObservationLockObserver forKind(String kind, String adapter) {
		return new ObservationLockObserver(this.registry, adapter, this.provider, kind, this.defaultConvention,
				this.customConvention);
	}

	@Override
	public <T extends @Nullable Object> T observe(LockOperation operation, Lock lock, Supplier<T> call) {
		LockObservationContext context = new LockObservationContext(operation, lock, lock.toHandle().namespace(),
				this.adapter, this.provider, this.kind);
		if (operation == LockOperation.ACQUIRE || operation == LockOperation.ACQUIRE_BLOCKING) {
			context.setSkipping(SkippableAcquires.isActive());
		}
		Observation observation = LockObservation.LOCK_OPERATION.observation(this.customConvention,
				this.defaultConvention, () -> context, this.registry);
		// observe() records an exception as the observation's error, stops it and rethrows it unchanged.
		return observation.observe(() -> {
			T result = call.get();
			context.setResult(result);
			return result;
		});
	}

}
