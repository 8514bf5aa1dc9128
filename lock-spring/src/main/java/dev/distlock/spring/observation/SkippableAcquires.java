package dev.distlock.spring.observation;

import java.util.function.BooleanSupplier;

/**
 * Marks the acquires of {@code @DistributedLock} calls that skip their method when the lock is not acquired
 * ({@link dev.distlock.spring.NotAcquired#SKIP}), so that their observation counts such an acquire with the outcome
 * {@code skipped} rather than {@code unavailable}: a job another instance runs is not contention. Per thread, for
 * the duration of the acquire.
 *
 * @since 0.1.0
 */
public final class SkippableAcquires {

	private static final ThreadLocal<Boolean> ACTIVE = new ThreadLocal<>();

	private SkippableAcquires() {
	}

	/**
	 * Runs an acquire whose failure skips the call.
	 * @param acquire the acquire
	 * @return what it returned
	 */
	public static boolean acquire(BooleanSupplier acquire) {
		ACTIVE.set(Boolean.TRUE);
		try {
			return acquire.getAsBoolean();
		}
		finally {
			ACTIVE.remove();
		}
	}

	/**
	 * Tells whether the acquire running on this thread skips its call when it fails.
	 * @return whether it does
	 */
	public static boolean isActive() {
		return ACTIVE.get() != null;
	}

}
