package dev.distlock.spring;

/**
 * What a {@link DistributedLock @DistributedLock} method does when its lock is not acquired.
 *
 * @since 0.1.0
 */
public enum NotAcquired {

	/** Whatever the application's default says: {@code distlock.not-acquired}, {@link #THROW} unless set. */
	DEFAULT,

	/**
	 * The method does not run and {@link dev.distlock.KeyAlreadyAcquiredException} reaches the caller (for a
	 * {@code CompletionStage} thrown at the call; for a reactive type, as its error signal).
	 */
	THROW,

	/**
	 * The method does not run and the call returns an empty value of its return type: {@code null} (also for
	 * {@code void} and a Kotlin {@code suspend} function), {@code Optional.empty()}, an empty {@code Mono} or
	 * {@code Flux} (or other reactive type), or a stage completed with {@code null}. Logged at DEBUG and counted in
	 * the lock metrics with the outcome {@code skipped}. What another instance already does at the same time, such as
	 * a scheduled job, is then not an error. Not for methods returning a primitive, which have no empty value.
	 */
	SKIP

}
