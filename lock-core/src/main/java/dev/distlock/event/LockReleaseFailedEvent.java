package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Fired when a release did nothing because the lock's owner did not hold the key (never acquired, expired, or taken over by another owner).
 *
 * <p>Seed event: {@code UNOWNED_RELEASE_TRY}.
 *
 * @param lock the lock
 * @param origin the {@linkplain dev.distlock.DefaultLockProvider#getInstanceId() instance} whose provider fired it
 */
public record LockReleaseFailedEvent(Lock lock, String origin) implements LockEvent {
}
