package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Fired when an acquire gave up because another owner holds the key; a blocking acquire fires it once, when its wait time is up.
 *
 * <p>Seed event: {@code UNAVAILABLE}.
 *
 * @param lock the lock
 * @param origin the {@linkplain dev.distlock.DefaultLockProvider#getInstanceId() instance} whose provider fired it
 */
public record LockUnavailableEvent(Lock lock, String origin) implements LockEvent {
}
