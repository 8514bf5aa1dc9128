package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Fired when the backend failed during a lock operation; the operation then throws {@link dev.distlock.LockBackendException}.
 *
 * <p>Seed event: {@code UNEXPECTED_ERROR}.
 *
 * @param lock the lock
 * @param origin the {@linkplain dev.distlock.DefaultLockProvider#getInstanceId() instance} whose provider fired it
 * @param error the backend's failure
 * @since 0.1.0
 */
public record LockUnexpectedErrorEvent(Lock lock, String origin, Throwable error) implements LockEvent {

	/**
	 * The event without the lock's owner, which is the lock's credential: {@code toString} output ends up in
	 * logs. The owner is shown by its {@linkplain Lock#getOwnerFingerprint() fingerprint}.
	 * @return the event's type, the lock's key and owner fingerprint, the origin and the event's values
	 */
	@Override
	public String toString() {
		return EventText.of(this, ", error=" + this.error);
	}

}
