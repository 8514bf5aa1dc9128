package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Fired when an acquire gave up because another owner holds the key; a blocking acquire fires it once, when its wait time is up.
 *
 * <p>Seed event: {@code UNAVAILABLE}.
 *
 * @param lock the lock
 * @param origin the {@linkplain dev.distlock.DefaultLockProvider#getInstanceId() instance} whose provider fired it
 * @since 0.1.0
 */
public record LockUnavailableEvent(Lock lock, String origin) implements LockEvent {

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
