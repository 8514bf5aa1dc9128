package dev.distlock.spring;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.distlock.Lock;
import dev.distlock.LockProvider;

/**
 * One lock held by an enclosing {@code @DistributedLock} call, linked to those of the calls around it: what makes a
 * nested call on the same key reuse the hold instead of acquiring it again. Kept per thread (platform or virtual)
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

	private final LockProvider provider;

	private final String key;

	private final Lock lock;

	private final @Nullable LockFrame outer;

	private final AtomicInteger users = new AtomicInteger(1);

	LockFrame(LockProvider provider, String key, Lock lock, @Nullable LockFrame outer) {
		this.provider = provider;
		this.key = key;
		this.lock = lock;
		this.outer = outer;
	}

	Lock lock() {
		return this.lock;
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
	 * The frame, here or further out, that holds {@code key} on {@code provider} and took on one more user.
	 * @return the frame, or {@code null} if no enclosing call holds it (any longer)
	 */
	static @Nullable LockFrame join(@Nullable LockFrame innermost, LockProvider provider, String key) {
		for (LockFrame frame = innermost; frame != null; frame = frame.outer) {
			if (frame.provider == provider && frame.key.equals(key)) {
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
			if (frame.provider == provider && frame.key.equals(key) && frame.users.get() > 0) {
				return Optional.of(frame.lock);
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
