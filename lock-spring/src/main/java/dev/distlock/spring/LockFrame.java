package dev.distlock.spring;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.distlock.Lease;
import dev.distlock.Lock;
import dev.distlock.LockMode;
import dev.distlock.LockProvider;
import dev.distlock.LockUpgradeException;
import dev.distlock.Semaphore;
import dev.distlock.SemaphoreLimitMismatchException;

/**
 * One hold of an enclosing {@code @DistributedLock}, {@code @DistributedSemaphore} or
 * {@code @DistributedReadWriteLock} call, linked to those of the calls around it: what makes a nested call on the same
 * key reuse the hold instead of acquiring it again. A frame belongs to the provider that made its lease (a
 * {@link LockProvider}, a {@code SemaphoreProvider} or a {@code ReadWriteLockProvider}), and a nested call joins only
 * a frame of its own provider: a lock, a semaphore's slot and a read-write lock's half of one key never stand in for
 * each other. Kept per thread (platform or virtual)
 * while a call runs, and in the Reactor context of a reactive call's pipeline. Chains are as deep as the nesting of
 * locked calls, a handful at most, so a walk is cheaper than any map.
 *
 * <p>Counts its users: the call that acquired the lock, and every nested asynchronous call still working under it.
 * The last to leave releases the lock, so a nested stage or publisher that outlives the call that acquired the lock
 * never runs unlocked.
 */
final class LockFrame {

	private static final ThreadLocal<@Nullable LockFrame> CURRENT = new ThreadLocal<>();

	/** The key of the innermost frame in a Reactor context. */
	static final String CONTEXT_KEY = LockFrame.class.getName();

	// The provider the lease comes from: compared by identity, never equal across kinds.
	private final Object provider;

	private final String key;

	private final Lease lease;

	// The read-write half held; null for a lock or a semaphore's slot.
	private final @Nullable LockMode mode;

	private final @Nullable LockFrame outer;

	private final AtomicInteger users = new AtomicInteger(1);

	/**
	 * Creates the frame of a lease.
	 * @param provider the provider that made the lease, a lock, semaphore or read-write lock provider
	 * @param key the key
	 * @param lease the lease held
	 * @param mode the read-write half the lease is, {@code null} for a lock or a semaphore's slot
	 * @param outer the enclosing frame
	 */
	LockFrame(Object provider, String key, Lease lease, @Nullable LockMode mode, @Nullable LockFrame outer) {
		this.provider = provider;
		this.key = key;
		this.lease = lease;
		this.mode = mode;
		this.outer = outer;
	}

	/** The lease this frame holds. */
	Lease lease() {
		return this.lease;
	}

	/** The lock this frame holds, {@code null} if it holds a semaphore's slot or a read-write lock's half. */
	@Nullable Lock lock() {
		return (this.lease instanceof Lock lock && this.provider instanceof LockProvider) ? lock : null;
	}

	/**
	 * The lock of the innermost {@code @DistributedLock} frame, here or further out: a semaphore's or read-write
	 * lock's frame in between is passed over.
	 * @return the lock, or {@code null} if no lock frame encloses
	 */
	static @Nullable Lock innermostLock(@Nullable LockFrame innermost) {
		for (LockFrame frame = innermost; frame != null; frame = frame.outer) {
			Lock lock = frame.lock();
			if (lock != null) {
				return lock;
			}
		}
		return null;
	}

	static @Nullable LockFrame current() {
		return CURRENT.get();
	}

	/**
	 * Makes {@code frame} this thread's innermost one.
	 * @return the frame it replaces, to {@link #restore} afterwards
	 */
	static @Nullable LockFrame enter(LockFrame frame) {
		LockFrame previous = CURRENT.get();
		CURRENT.set(frame);
		return previous;
	}

	static void restore(@Nullable LockFrame previous) {
		if (previous == null) {
			CURRENT.remove();
		}
		else {
			CURRENT.set(previous);
		}
	}

	/**
	 * The frame, here or further out, whose hold of {@code key} on {@code provider} covers a call that needs the
	 * {@code mode} half (or, with {@code null}, the lock or slot), and took on one more user. A read is covered by a
	 * read or a write, a write only by a write.
	 * @return the frame, or {@code null} if no enclosing call holds it (any longer)
	 * @throws LockUpgradeException if the call needs the write half and the innermost enclosing hold of the key is a
	 * read: an upgrade, which would wait for itself
	 * @throws SemaphoreLimitMismatchException if the call is a semaphore's of another limit than the enclosing slot's:
	 * running inside that slot would apply neither limit to it, so it is refused as the backend refuses it
	 */
	static @Nullable LockFrame join(@Nullable LockFrame innermost, Object provider, String key,
			@Nullable LockMode mode, int limit) {
		for (LockFrame frame = innermost; frame != null; frame = frame.outer) {
			if (frame.provider == provider && frame.key.equals(key)) {
				if (mode == LockMode.WRITE && frame.mode == LockMode.READ && frame.users.get() > 0) {
					throw new LockUpgradeException(key);
				}
				if (frame.lease instanceof Semaphore semaphore && semaphore.getLimit() != limit) {
					throw new SemaphoreLimitMismatchException(key, limit, semaphore.getLimit());
				}
				return frame.retain() ? frame : null;
			}
		}
		return null;
	}

	/**
	 * The lock that this thread's enclosing calls hold of {@code key} on {@code provider}, if one still does; for
	 * {@link EnclosingDistributedLocks}. Takes on no user: the lookup's work runs within the enclosing call.
	 * @return the lock, or empty
	 */
	static Optional<Lock> find(LockProvider provider, String key) {
		for (LockFrame frame = CURRENT.get(); frame != null; frame = frame.outer) {
			Lock lock = frame.lock();
			if (frame.provider == provider && frame.key.equals(key) && frame.users.get() > 0 && lock != null) {
				return Optional.of(lock);
			}
		}
		return Optional.empty();
	}

	// Never from zero: a frame whose last user released the lock is gone, whoever still sees it.
	private boolean retain() {
		int current;
		do {
			current = this.users.get();
			if (current == 0) {
				return false;
			}
		}
		while (!this.users.compareAndSet(current, current + 1));
		return true;
	}

	/**
	 * Ends one user's share.
	 * @return whether it was the last, which must now release the lock
	 */
	boolean leave() {
		return this.users.decrementAndGet() == 0;
	}

	@Override
	public String toString() {
		return "LockFrame[key=" + this.key + ", users=" + this.users.get() + "]";
	}

}
