package dev.distlock.event;

import java.time.Duration;

import dev.distlock.Lock;

/**
 * Fired when the owner refreshed its lock.
 *
 * <p>Seed event: {@code REFRESHED}.
 *
 * @param lock the lock
 * @param origin the {@linkplain dev.distlock.DefaultLockProvider#getInstanceId() instance} whose provider fired it
 * @param ttl the time to live the lock was given, measured from the refresh
 * @param token the fencing token of the refreshed hold, {@code 0} if the refreshing lock did not know it
 */
public record LockRefreshedEvent(Lock lock, String origin, Duration ttl, long token) implements LockEvent {
}
