package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Fired when a refresh did nothing because the lock's owner did not hold an expiring lock on the key.
 *
 * <p>Seed event: {@code UNOWNED_REFRESH_TRY}.
 *
 * @param lock the lock
 */
public record LockRefreshFailedEvent(Lock lock) implements LockEvent {
}
