package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Fired when the owner released its lock.
 *
 * <p>Seed event: {@code RELEASED}.
 *
 * @param lock the lock
 */
public record LockReleasedEvent(Lock lock) implements LockEvent {
}
