package dev.distlock;

/**
 * Work to run while holding a lock, returning nothing; may throw any exception, which reaches the caller unchanged.
 *
 * @param <E> what the work may throw; inferred as {@link RuntimeException} when it throws nothing checked
 * @since 0.1.0
 */
@FunctionalInterface
public interface LockedRunnable<E extends Throwable> {

	/**
	 * Runs the work.
	 * @throws E if the work fails
	 */
	void run() throws E;

}
