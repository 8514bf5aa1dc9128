package dev.distlock;

import org.jspecify.annotations.Nullable;

import dev.distlock.event.LockLostEvent;

/**
 * Thrown by the {@code run*} methods (and {@code @DistributedLock}) after the work returned, when the lock turned out
 * to have been lost while the work ran: it expired, was force released, or another holder took it over. Another
 * holder may have run the same critical section at the same time; the work's outcome is carried along so the caller
 * can decide what to do with it (compensate, check, or accept).
 *
 * <p>Thrown only under {@link LostLockPolicy#THROW}, the default.
 *
 * @since 0.1.0
 */
public class LockLostException extends LockException {

	private final LockLostEvent.Detection detection;

	private final transient @Nullable Object result;

	/**
	 * Creates the exception.
	 * @param key the lock's key
	 * @param detection how the loss was found
	 * @param result what the work returned, or {@code null} if it returned nothing or failed
	 * @param workFailure what the work threw, or {@code null} if it returned normally
	 */
	public LockLostException(String key, LockLostEvent.Detection detection, @Nullable Object result,
			@Nullable Throwable workFailure) {
		super(key, "Lock '" + key + "' was lost while its work ran (found by " + detection.description()
				+ "); another holder may have run the same work", workFailure);
		this.detection = detection;
		this.result = result;
	}

	/**
	 * How the loss was found.
	 * @return the detection
	 */
	public LockLostEvent.Detection getDetection() {
		return this.detection;
	}

	/**
	 * What the work returned before the loss was reported.
	 * @return the work's value; {@code null} if it returned {@code null}, nothing, or failed (then see
	 * {@link #getCause()})
	 */
	public @Nullable Object getResult() {
		return this.result;
	}

}
