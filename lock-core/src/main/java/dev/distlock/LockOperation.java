package dev.distlock;

/**
 * The lock operations a {@link LockObserver} sees; each public {@link Lock} method is one of them, or is made of
 * them (an {@code OrFail} form, or {@code run*}: an acquire, the work, a release).
 *
 * @since 0.1.0
 */
public enum LockOperation {

	/** {@link Lock#acquire()}: one attempt; its result is whether the lock was acquired. */
	ACQUIRE,

	/** {@link Lock#acquireBlocking(BlockingSettings)}: the whole wait; its result is whether the lock was acquired. */
	ACQUIRE_BLOCKING,

	/** {@link Lock#release()}: its result is whether the lock was released. */
	RELEASE,

	/** {@link Lock#forceRelease()}: its result is whether a live lock existed. */
	FORCE_RELEASE,

	/** {@link Lock#refresh(java.time.Duration)}: its result is whether the lock was refreshed. */
	REFRESH,

	/** {@link Lock#getState()} and the checks built on it: its result is the {@link LockState}. */
	READ_STATE

}
