package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Fired when a lock was acquired, by a plain or a blocking acquire.
 *
 * <p>Seed event: {@code ACQUIRED}.
 *
 * @param lock the lock
 */
public record LockAcquiredEvent(Lock lock) implements LockEvent {
}
