package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Fired when a lock was acquired, by a plain or a blocking acquire.
 *
 * <p>Seed event: {@code ACQUIRED}.
 *
 * @param lock the lock
 * @param origin the {@linkplain dev.distlock.DefaultLockProvider#getInstanceId() instance} whose provider fired it
 * @param token the fencing token of the hold, see {@link Lock#getFencingToken()}
 * @since 0.1.0
 */
public record LockAcquiredEvent(Lock lock, String origin, long token) implements LockEvent {

	/**
	 * The event without the lock's owner, which is the lock's credential: {@code toString} output ends up in
	 * logs. The owner is shown by its {@linkplain Lock#getOwnerFingerprint() fingerprint}.
	 * @return the event's type, the lock's key and owner fingerprint, the origin and the event's values
	 */
	@Override
	public String toString() {
		return EventText.of(this, ", token=" + this.token);
	}

}
