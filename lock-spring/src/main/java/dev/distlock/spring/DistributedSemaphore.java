package dev.distlock.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.distlock.Renewal;

/**
 * Runs the annotated method while holding one slot of a semaphore from the application's
 * {@link dev.distlock.SemaphoreProvider}: at most {@link #limit()} calls with the same key run at once, across every
 * process that shares the backend. The slot is released when the method returns or throws, or, for
 * {@code CompletionStage}, {@code Mono} and {@code Flux} results, when the asynchronous work completes, fails or is
 * cancelled, exactly as {@link DistributedLock @DistributedLock} releases its lock.
 *
 * <pre>{@code
 * @DistributedSemaphore(key = "'partner-api'", limit = 5, blocking = true, waitTime = "10s")
 * public Quote quote(Order order) { ... }
 * }</pre>
 *
 * <p>Every attribute but {@link #limit()} means what it means on {@code @DistributedLock}: the key expression, the
 * TTL (or {@code "never"}), blocking with its wait time and interval, renewal, what a call that gets no slot does
 * ({@link dev.distlock.KeyAlreadyAcquiredException}, or an empty value with {@link NotAcquired#SKIP}), the minimum
 * hold, and the return types that can be held. The attributes are checked when the bean is created. On a class,
 * applies to every public method; usable as a meta-annotation. A method carries at most one of
 * {@code @DistributedLock}, {@code @DistributedSemaphore} and {@code @DistributedReadWriteLock}.
 *
 * <p>A semaphore's key never collides with a lock's or a read-write lock's of the same name: each kind has its own
 * storage, and a slot is never taken for the hold of an enclosing {@code @DistributedLock} call (nor the other way
 * round). A call made while an enclosing call on the same thread (or in the same Reactor context) holds a slot of
 * the same key, on the same provider, runs under that slot instead of taking a second one. Every semaphore of one
 * key must use one limit: a call with another limit while slots are held fails with
 * {@link dev.distlock.SemaphoreLimitMismatchException}.
 *
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DistributedSemaphore {

	/**
	 * The semaphore's key, a SpEL expression evaluated on each call, as {@link DistributedLock#key()}. Empty (the
	 * default) means one semaphore per method, keyed by the method's qualified name.
	 * @return the key expression
	 */
	String key() default "";

	/**
	 * How many calls may hold a slot of the key at once, 1 to 1,000,000.
	 * @return the limit
	 */
	int limit();

	/**
	 * Whether to wait for a slot, as {@link DistributedLock#blocking()}.
	 * @return whether to wait
	 */
	boolean blocking() default false;

	/**
	 * The slot's expiry, as {@link DistributedLock#ttl()}: a duration, {@code "never"}, or empty for
	 * {@code distlock.default-ttl}.
	 * @return the TTL, {@code "never"}, or empty
	 */
	String ttl() default "";

	/**
	 * How long a {@link #blocking()} call waits for a slot, as {@link DistributedLock#waitTime()}.
	 * @return the wait time, or empty
	 */
	String waitTime() default "";

	/**
	 * How often a {@link #blocking()} call retries, as {@link DistributedLock#interval()}.
	 * @return the interval, or empty
	 */
	String interval() default "";

	/**
	 * Whether the slot is renewed in the background while the method runs, as {@link DistributedLock#renewal()}.
	 * @return the renewal
	 */
	Renewal renewal() default Renewal.DEFAULT;

	/**
	 * What a call that gets no slot does, as {@link DistributedLock#ifNotAcquired()}.
	 * @return what a call that did not get its slot does
	 */
	NotAcquired ifNotAcquired() default NotAcquired.DEFAULT;

	/**
	 * How long the slot stays held after the acquire at least, as {@link DistributedLock#holdAtLeast()}.
	 * @return the minimum hold, or empty
	 */
	String holdAtLeast() default "";

}
