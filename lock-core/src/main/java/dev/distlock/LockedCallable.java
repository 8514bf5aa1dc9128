package dev.distlock;

import org.jspecify.annotations.Nullable;

/**
 * Work to run while holding a lock, returning a value; may throw any exception, which reaches the caller unchanged.
 *
 * @param <T> the value type, {@code null} allowed
 * @param <E> what the work may throw; inferred as {@link RuntimeException} when it throws nothing checked
 * @since 0.1.0
 */
@FunctionalInterface
public interface LockedCallable<T extends @Nullable Object, E extends Throwable> {

	/**
	 * Runs the work.
	 * @return its value
	 * @throws E if the work fails
	 */
	T call() throws E;

}
