package dev.distlock.event;

import java.time.Duration;

import dev.distlock.Lock;

/**
 * Fired when the owner refreshed its lock.
 *
 * <p>Seed event: {@code REFRESHED}.
 *
 * @param lock the lock
 * @param origin the {@linkplain dev.distlock.DefaultLockProvider#getInstanceId() instance} whose provider fired it
 * @param ttl the time to live the lock was given, measured from the refresh
 * @param token the fencing token of the refreshed hold, {@code 0} if the refreshing lock did not know it
 * @since 0.1.0
 */
public record LockRefreshedEvent(Lock lock, String origin, Duration ttl, long token) implements LockEvent {

	/**
	 * The event without the lock's owner, which is the lock's credential: {@code toString} output ends up in
	 * logs. The owner is shown by its {@linkplain Lock#getOwnerFingerprint() fingerprint}.
	 * @return the event's type, the lock's key and owner fingerprint, the origin and the event's values
	 */
	@Override
	public String toString() {
		return EventText.of(this, ", ttl=" + this.ttl + ", token=" + this.token);
	}

}
