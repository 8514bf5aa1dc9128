package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Fired when a refresh did nothing because the lock's owner did not hold an expiring lock on the key.
 *
 * <p>Seed event: {@code UNOWNED_REFRESH_TRY}.
 *
 * @param lock the lock
 * @param origin the {@linkplain dev.distlock.DefaultLockProvider#getInstanceId() instance} whose provider fired it
 */
public record LockRefreshFailedEvent(Lock lock, String origin) implements LockEvent {
}
