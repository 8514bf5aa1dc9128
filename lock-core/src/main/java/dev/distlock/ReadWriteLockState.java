package dev.distlock;

import java.util.Objects;

/**
 * Where a read-write lock stands, seen from its owner, read in one round trip by {@link ReadWriteLock#getState()}.
 *
 * @param readers how many owners hold a read, this one included
 * @param writeLocked whether some owner, this one or another, holds the write
 * @param waitingWriters how many owners wait to write; while any does, new readers are refused
 * @param ownRead this owner's read hold: {@link RemainingTime.NotHeld} if it has none
 * @param ownWrite this owner's write hold: {@link RemainingTime.NotHeld} if it has none
 * @since 0.1.0
 */
public record ReadWriteLockState(int readers, boolean writeLocked, int waitingWriters, RemainingTime ownRead,
		RemainingTime ownWrite) {

	/**
	 * Checks the values.
	 * @param readers not negative
	 * @param writeLocked whether the write is held
	 * @param waitingWriters not negative
	 * @param ownRead this owner's read hold
	 * @param ownWrite this owner's write hold
	 */
	public ReadWriteLockState {
		if (readers < 0 || waitingWriters < 0) {
			throw new IllegalArgumentException("readers and waitingWriters must not be negative, were " + readers
					+ " and " + waitingWriters);
		}
		Objects.requireNonNull(ownRead, "ownRead");
		Objects.requireNonNull(ownWrite, "ownWrite");
	}

	/**
	 * Tells whether nobody holds the key: anyone may read, and a writer may write.
	 * @return {@code true} without readers and writer
	 */
	public boolean isFree() {
		return this.readers == 0 && !this.writeLocked;
	}

}
