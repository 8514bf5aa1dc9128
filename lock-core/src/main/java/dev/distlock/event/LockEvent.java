package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Something that happened to a lock. One record per seed event, so listeners can select by type, and switch over
 * the closed set when they want every kind.
 *
 * @since 0.1.0
 */
public sealed interface LockEvent permits LockAcquiredEvent, LockReleasedEvent, LockReleaseFailedEvent,
		LockRefreshFailedEvent, LockUnavailableEvent, LockForceReleasedEvent, LockRefreshedEvent,
		LockUnexpectedErrorEvent, LockLostEvent {

	/**
	 * The lock the event is about.
	 * @return the lock
	 */
	Lock lock();

	/**
	 * The instance whose provider fired the event: this one's for local events, another's for events received
	 * from other instances. See {@link dev.distlock.DefaultLockProvider#getInstanceId()}.
	 * @return the instance id
	 */
	String origin();

}
