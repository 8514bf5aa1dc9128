package dev.distlock.spring.observation;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import dev.distlock.LockOperation;
import dev.distlock.LockState;
import dev.distlock.spring.observation.LockObservation.LowCardinalityKeyNames;
import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * The default names and tags of lock operations: observation {@value #NAME}, with the keys of
 * {@link LockObservation.LowCardinalityKeyNames}. The key itself is a tag only when asked for, since keys are
 * unbounded.
 *
 * @since 0.1.0
 */
public class DefaultLockObservationConvention implements LockObservationConvention {

	/** The observation's name, and so its timer's: {@value}. */
	public static final String NAME = "distlock.operations";

	/** The lock name tag's value for a lock without a name: {@value}. */
	public static final String NO_NAME = "none";

	private final boolean keyTag;

	/** Creates the convention without the key tag. */
	public DefaultLockObservationConvention() {
		this(false);
	}

	/**
	 * Creates the convention.
	 * @param keyTag whether to tag with the lock's key, which is unbounded: every key makes new time series
	 */
	public DefaultLockObservationConvention(boolean keyTag) {
		this.keyTag = keyTag;
	}

	@Override
	public String getName() {
		return NAME;
	}

	@Override
	public String getContextualName(LockObservationContext context) {
		return "distlock " + operation(context.getOperation());
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(LockObservationContext context) {
		KeyValues keyValues = KeyValues.of(
				KeyValue.of(LowCardinalityKeyNames.NAMESPACE, context.getNamespace()),
				KeyValue.of(LowCardinalityKeyNames.PROVIDER, context.getProvider()),
				KeyValue.of(LowCardinalityKeyNames.KIND, context.getKind()),
				KeyValue.of(LowCardinalityKeyNames.ADAPTER, context.getAdapter()),
				KeyValue.of(LowCardinalityKeyNames.OPERATION, operation(context.getOperation())),
				KeyValue.of(LowCardinalityKeyNames.OUTCOME, outcome(context)),
				KeyValue.of(LowCardinalityKeyNames.BLOCKING,
						String.valueOf(context.getOperation() == LockOperation.ACQUIRE_BLOCKING)),
				KeyValue.of(LowCardinalityKeyNames.LOCK_NAME, context.getLock().getName().orElse(NO_NAME)));
		return this.keyTag ? keyValues.and(KeyValue.of(LowCardinalityKeyNames.KEY, context.getLock().getKey()))
				: keyValues;
	}

	/**
	 * The operation as a tag value.
	 * @param operation the operation
	 * @return for example {@code acquire-blocking}
	 */
	protected String operation(LockOperation operation) {
		return operation.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * How the operation ended, as a tag value.
	 * @param context the context, after the operation
	 * @return see {@link LockObservation.LowCardinalityKeyNames#OUTCOME}
	 */
	protected String outcome(LockObservationContext context) {
		if (context.getError() != null) {
			return "error";
		}
		Object result = context.getResult();
		if (result == null) {
			// Tags are read at start too (by tracing handlers); the outcome is only known at stop.
			return "unknown";
		}
		return switch (context.getOperation()) {
			case ACQUIRE, ACQUIRE_BLOCKING -> isTrue(result) ? "acquired" : context.isSkipping() ? "skipped"
					: "unavailable";
			case RELEASE -> isTrue(result) ? "released" : "failed";
			case FORCE_RELEASE -> isTrue(result) ? "released" : "absent";
			case REFRESH -> isTrue(result) ? "refreshed" : "failed";
			case READ_STATE -> stateOutcome(result);
		};
	}

	private static boolean isTrue(@Nullable Object result) {
		return Boolean.TRUE.equals(result);
	}

	private static String stateOutcome(Object state) {
		if (state instanceof LockState.Expired) {
			return "expired";
		}
		return (state instanceof LockState.Unavailable) ? "unavailable" : "acquired";
	}

}
