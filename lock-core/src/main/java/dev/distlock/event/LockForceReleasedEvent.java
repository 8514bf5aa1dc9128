package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Fired by every force release, whether or not a lock existed.
 *
 * <p>Seed event: {@code FORCE_RELEASED}.
 *
 * @param lock the lock
 * @param origin the {@linkplain dev.distlock.DefaultLockProvider#getInstanceId() instance} whose provider fired it
 * @param released whether a live lock existed and was released
 * @since 0.1.0
 */
public record LockForceReleasedEvent(Lock lock, String origin, boolean released) implements LockEvent {

	/**
	 * The event without the lock's owner, which is the lock's credential: {@code toString} output ends up in
	 * logs. The owner is shown by its {@linkplain Lock#getOwnerFingerprint() fingerprint}.
	 * @return the event's type, the lock's key and owner fingerprint, the origin and the event's values
	 */
	@Override
	public String toString() {
		return EventText.of(this, ", released=" + this.released);
	}

}
