package dev.distlock;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

/**
 * Wraps every lock operation, to time and count it: the hook metrics and tracing plug into (distlock's Spring
 * module adapts it to Micrometer's Observation API). Core stays free of any metrics library.
 *
 * <p>An observer must call {@code operation} exactly once and return its result, or let its exception through.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface LockObserver {

	/** The observer that observes nothing. */
	LockObserver NONE = new LockObserver() {

		@Override
		public <T extends @Nullable Object> T observe(LockOperation operation, Lock lock, Supplier<T> call) {
			return call.get();
		}

	};

	/**
	 * Runs one lock operation.
	 * @param <T> the operation's result type: {@link Boolean} for acquires, releases and refreshes,
	 * {@link LockState} for {@link LockOperation#READ_STATE}
	 * @param operation which operation
	 * @param lock the lock it is performed on
	 * @param call the operation itself
	 * @return what {@code call} returned
	 */
	<T extends @Nullable Object> T observe(LockOperation operation, Lock lock, Supplier<T> call);

}
