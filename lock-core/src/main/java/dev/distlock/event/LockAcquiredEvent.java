package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Fired when a lock was acquired, by a plain or a blocking acquire.
 *
 * <p>Seed event: {@code ACQUIRED}.
 *
 * @param lock the lock
 * @param origin the {@linkplain dev.distlock.DefaultLockProvider#getInstanceId() instance} whose provider fired it
 */
public record LockAcquiredEvent(Lock lock, String origin) implements LockEvent {
}
