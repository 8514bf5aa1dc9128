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
 */
public record LockAcquiredEvent(Lock lock, String origin, long token) implements LockEvent {
}
