package dev.distlock.spring;

import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.distlock.Lock;

/**
 * The lock held by the enclosing {@link DistributedLock @DistributedLock} call, for the code it runs: to refresh the
 * lock, read its fencing token, or assert that it is still held.
 *
 * <pre>{@code
 * @DistributedLock(key = "'imports:' + #id", ttl = "1m")
 * public void importAll(long id) {
 *     for (Batch batch : batches(id)) {
 *         CurrentLock.assertHeld();
 *         write(batch, CurrentLock.get().getFencingToken().getAsLong());
 *         CurrentLock.get().refresh();
 *     }
 * }
 * }</pre>
 *
 * <p>Synchronous methods and the synchronous part of asynchronous ones find it on their thread (platform or
 * virtual); the lock of the innermost call wins. Inside a {@code Mono} or {@code Flux} method's pipeline, read it
 * from the Reactor context: {@code Mono.deferContextual((context) -> ... context.get(CurrentLock.CONTEXT_KEY))}.
 * Work that the method hands to another thread does not see it there.
 * @since 0.1.0
 */
public final class CurrentLock {

	/** The key under which a Reactor context holds the current {@link Lock}: {@value}. */
	public static final String CONTEXT_KEY = "dev.distlock.spring.CurrentLock";

	private CurrentLock() {
	}

	/**
	 * The lock of the enclosing {@code @DistributedLock} call on this thread.
	 * @return the lock
	 * @throws IllegalStateException if no {@code @DistributedLock} call encloses this code on this thread
	 */
	public static Lock get() {
		Lock lock = current();
		if (lock == null) {
			throw new IllegalStateException("No @DistributedLock call holds a lock on this thread");
		}
		return lock;
	}

	/**
	 * The lock of the enclosing {@code @DistributedLock} call on this thread, if any.
	 * @return the lock, empty outside such a call
	 */
	public static Optional<Lock> find() {
		return Optional.ofNullable(current());
	}

	/**
	 * Checks that an enclosing {@code @DistributedLock} call holds its lock, as far as the lock knows without a round
	 * trip: it was acquired and has not been found lost (by a refresh or a background renewal). Work that must not go
	 * on unlocked calls it before each step.
	 * @throws IllegalStateException if no such call encloses this code, or its lock was found lost
	 */
	public static void assertHeld() {
		Lock lock = get();
		if (lock.isLost() || lock.getFencingToken().isEmpty()) {
			throw new IllegalStateException("The lock '" + lock.getKey() + "' of the enclosing @DistributedLock call "
					+ "is no longer held");
		}
	}

	private static @Nullable Lock current() {
		// A semaphore's or read-write lock's call in between holds no lock: the enclosing lock call's is current.
		return LockFrame.innermostLock(LockFrame.current());
	}

}
