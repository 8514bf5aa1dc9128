package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Fired by every force release, whether or not a lock existed.
 *
 * <p>Seed event: {@code FORCE_RELEASED}.
 *
 * @param lock the lock
 * @param origin the {@linkplain dev.distlock.DefaultLockProvider#getInstanceId() instance} whose provider fired it
 * @param released whether a live lock existed and was released
 */
public record LockForceReleasedEvent(Lock lock, String origin, boolean released) implements LockEvent {
}
