package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Fired when the owner released its lock.
 *
 * <p>Seed event: {@code RELEASED}.
 *
 * @param lock the lock
 * @param origin the {@linkplain dev.distlock.DefaultLockProvider#getInstanceId() instance} whose provider fired it
 * @param token the fencing token of the released hold, {@code 0} if the releasing lock did not know it
 * @since 0.1.0
 */
public record LockReleasedEvent(Lock lock, String origin, long token) implements LockEvent {

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
