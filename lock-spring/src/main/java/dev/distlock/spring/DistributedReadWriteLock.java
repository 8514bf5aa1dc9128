package dev.distlock.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.distlock.LockMode;
import dev.distlock.Renewal;

/**
 * Runs the annotated method while holding one half of a read-write lock from the application's
 * {@link dev.distlock.ReadWriteLockProvider}: with {@link LockMode#READ}, beside any other readers of the key; with
 * {@link LockMode#WRITE}, alone. The hold is released when the method returns or throws, or, for
 * {@code CompletionStage}, {@code Mono} and {@code Flux} results, when the asynchronous work completes, fails or is
 * cancelled, exactly as {@link DistributedLock @DistributedLock} releases its lock.
 *
 * <pre>{@code
 * @DistributedReadWriteLock(key = "'catalog'", mode = LockMode.READ)
 * public Catalog catalog() { ... }
 *
 * @DistributedReadWriteLock(key = "'catalog'", mode = LockMode.WRITE, blocking = true, waitTime = "30s")
 * public void rebuild() { ... }
 * }</pre>
 *
 * <p>Every attribute but {@link #mode()} means what it means on {@code @DistributedLock}. The attributes are checked
 * when the bean is created. On a class, applies to every public method; usable as a meta-annotation. A method
 * carries at most one of {@code @DistributedLock}, {@code @DistributedSemaphore} and
 * {@code @DistributedReadWriteLock}. While a writer waits, new readers are refused (writer preference), as
 * {@link dev.distlock.ReadWriteLock} describes.
 *
 * <p>A read-write lock's key never collides with a lock's or a semaphore's of the same name, and its holds are never
 * taken for the hold of an enclosing {@code @DistributedLock} call (nor the other way round). A call made while an
 * enclosing call on the same thread (or in the same Reactor context) holds the same key on the same provider runs
 * under that hold when it covers the call: a read inside a read or a write, a write inside a write. A write inside
 * a read is an upgrade, refused at once with {@link dev.distlock.LockUpgradeException}.
 *
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DistributedReadWriteLock {

	/**
	 * The lock's key, a SpEL expression evaluated on each call, as {@link DistributedLock#key()}: the resource that
	 * its readers and writers share, so every method that reads or writes it names the same key. Required: an empty key
	 * (the default, so that a class-level annotation must set it) fails the startup, since a read-write lock of one
	 * method alone would exclude nothing.
	 * @return the key expression
	 */
	String key() default "";

	/**
	 * Which half the call holds: {@link LockMode#READ} (shared) or {@link LockMode#WRITE} (exclusive).
	 * @return the mode
	 */
	LockMode mode();

	/**
	 * Whether to wait for the hold, as {@link DistributedLock#blocking()}.
	 * @return whether to wait
	 */
	boolean blocking() default false;

	/**
	 * The hold's expiry, as {@link DistributedLock#ttl()}: a duration, {@code "never"}, or empty for
	 * {@code distlock.default-ttl}.
	 * @return the TTL, {@code "never"}, or empty
	 */
	String ttl() default "";

	/**
	 * How long a {@link #blocking()} call waits, as {@link DistributedLock#waitTime()}.
	 * @return the wait time, or empty
	 */
	String waitTime() default "";

	/**
	 * How often a {@link #blocking()} call retries, as {@link DistributedLock#interval()}.
	 * @return the interval, or empty
	 */
	String interval() default "";

	/**
	 * Whether the hold is renewed in the background while the method runs, as {@link DistributedLock#renewal()}.
	 * @return the renewal
	 */
	Renewal renewal() default Renewal.DEFAULT;

	/**
	 * What a call that does not get its hold does, as {@link DistributedLock#ifNotAcquired()}.
	 * @return what a call that did not get its hold does
	 */
	NotAcquired ifNotAcquired() default NotAcquired.DEFAULT;

	/**
	 * How long the hold stays after the acquire at least, as {@link DistributedLock#holdAtLeast()}.
	 * @return the minimum hold, or empty
	 */
	String holdAtLeast() default "";

}
