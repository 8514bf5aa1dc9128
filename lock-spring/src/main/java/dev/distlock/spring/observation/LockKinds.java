package dev.distlock.spring.observation;

/**
 * The values of the {@code distlock.kind} tag ({@link LockObservation.LowCardinalityKeyNames#KIND}): what an observed
 * operation locks.
 *
 * @since 0.1.0
 */
public final class LockKinds {

	/** A lock's hold: {@value}. */
	public static final String LOCK = "lock";

	/** A semaphore's slot: {@value}. */
	public static final String SEMAPHORE = "semaphore";

	/** A read-write lock's read or write hold: {@value}. */
	public static final String READ_WRITE_LOCK = "read-write-lock";

	private LockKinds() {
	}

}
