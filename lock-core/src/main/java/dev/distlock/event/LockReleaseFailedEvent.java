package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Fired when a release did nothing because the lock's owner did not hold the key (never acquired, expired, or taken over by another owner).
 *
 * <p>Seed event: {@code UNOWNED_RELEASE_TRY}.
 *
 * @param lock the lock
 * @param origin the {@linkplain dev.distlock.DefaultLockProvider#getInstanceId() instance} whose provider fired it
 * @since 0.1.0
 */
public record LockReleaseFailedEvent(Lock lock, String origin) implements LockEvent {

	/**
	 * The event without the lock's owner, which is the lock's credential: {@code toString} output ends up in
	 * logs. The owner is shown by its {@linkplain Lock#getOwnerFingerprint() fingerprint}.
	 * @return the event's type, the lock's key and owner fingerprint, the origin and the event's values
	 */
	@Override
	public String toString() {
		return EventText.of(this, "");
	}

}
