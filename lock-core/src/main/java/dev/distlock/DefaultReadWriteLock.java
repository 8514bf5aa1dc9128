package dev.distlock;

import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.ReadWriteHolders;
import dev.distlock.adapter.ReadWriteLockAdapter;

/**
 * The standard {@link ReadWriteLock}: each half a {@link DefaultLock} of one owner on its mode's view of the backend
 * ({@link ReadWriteHalf}), so each has every guarantee a lock has; this class adds the key-wide parts.
 */
final class DefaultReadWriteLock implements ReadWriteLock {

	private final ReadWriteLockAdapter locks;

	private final DefaultLock read;

	private final DefaultLock write;

	private final Namespace namespace;

	DefaultReadWriteLock(ReadWriteLockAdapter locks, DefaultLock read, DefaultLock write, Namespace namespace) {
		this.locks = locks;
		this.read = read;
		this.write = write;
		this.namespace = namespace;
	}

	@Override
	public Lease readLock() {
		return this.read;
	}

	@Override
	public Lease writeLock() {
		return this.write;
	}

	@Override
	public String getKey() {
		return this.read.getKey();
	}

	@Override
	public String getOwner() {
		return this.read.getOwner();
	}

	@Override
	public ReadWriteLockState getState() {
		ReadWriteHolders holders = this.read.readState(this.locks::holders);
		String owner = getOwner();
		RemainingTime ownRead = RemainingTime.notHeld();
		for (LockHolder reader : holders.readers()) {
			if (reader.owner().equals(owner)) {
				ownRead = RemainingTime.ofHold(reader.remainingTime());
			}
		}
		LockHolder writer = holders.writer();
		RemainingTime ownWrite = (writer != null && writer.owner().equals(owner))
				? RemainingTime.ofHold(writer.remainingTime()) : RemainingTime.notHeld();
		return new ReadWriteLockState(holders.readers().size(), writer != null, holders.waitingWriters(), ownRead,
				ownWrite);
	}

	@Override
	public int forceReleaseAll() {
		int released = this.write.forceReleaseAll(this.locks::forceReleaseAll);
		// The read half learns of it too: it must not believe it still holds the key.
		this.read.forgetHold();
		return released;
	}

	@Override
	public ReadWriteLockHandle toHandle() {
		return new ReadWriteLockHandle(this.read.toHandle(), this.write.toHandle());
	}

	@Override
	public String toString() {
		return "ReadWriteLock[namespace=" + this.namespace + ", key=" + getKey() + ", ownerFingerprint="
				+ this.read.getOwnerFingerprint() + "]";
	}

}
