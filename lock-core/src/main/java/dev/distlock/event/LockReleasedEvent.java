package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Fired when the owner released its lock.
 *
 * <p>Seed event: {@code RELEASED}.
 *
 * @param lock the lock
 * @param origin the {@linkplain dev.distlock.DefaultLockProvider#getInstanceId() instance} whose provider fired it
 * @param token the fencing token of the released hold, {@code 0} if the releasing lock did not know it
 */
public record LockReleasedEvent(Lock lock, String origin, long token) implements LockEvent {
}
