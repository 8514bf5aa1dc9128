package dev.distlock.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.distlock.Renewal;

/**
 * Runs the annotated method while holding a lock from the application's {@link dev.distlock.LockProvider}, released
 * when the method returns or throws, or, for {@code CompletionStage}, {@code Mono} and {@code Flux} results, when the
 * asynchronous work completes, fails or is cancelled.
 *
 * <pre>{@code
 * @DistributedLock(key = "'orders:' + #order.id", blocking = true, waitTime = "10s")
 * public void ship(Order order) { ... }
 * }</pre>
 *
 * <p>On a class, applies to every public method of the bean. Usable as a meta-annotation: a user's
 * {@code @OrderLock} annotated with {@code @DistributedLock(...)} works the same. The attributes are checked when the
 * bean is created: an invalid key expression or duration fails the application's startup.
 *
 * <p>When the lock is not acquired the method does not run and {@link dev.distlock.KeyAlreadyAcquiredException}
 * reaches the caller (for {@code Mono} and {@code Flux}, as the error signal), or, with
 * {@link #ifNotAcquired()} {@link NotAcquired#SKIP}, the call returns an empty value. To retry, put Spring's
 * {@code @Retryable(includes = KeyAlreadyAcquiredException.class)} on the same method: it wraps the lock.
 *
 * <p>A locked call made while an enclosing locked call on the same thread (or, for {@code Mono} and {@code Flux}, in
 * the same Reactor context) holds the same key reuses that hold: no second acquire, released once when the outermost
 * call ends. The code inside reaches its lock through {@link CurrentLock}.
 *
 * <p>Every return type is either locked until its work is done, or refused when the bean is created: synchronous
 * values, {@code CompletionStage}, {@code Mono}, {@code Flux}, the other deferred reactive types of Spring's
 * {@code ReactiveAdapterRegistry} (RxJava, Kotlin {@code Flow}, ...), and Kotlin {@code suspend} functions are locked;
 * a plain {@code Future}, a {@code Stream}, a {@code Callable}, a Kotlin {@code Deferred} (started already), a
 * {@code suspend} function returning a {@code Flow} (declare it without {@code suspend}) or a web framework's deferred
 * result is refused with {@link InvalidDistributedLockException}.
 *
 * <p>A lock is never lost silently: when the lock turns out at the end to have expired, been force released or been
 * taken over while the method ran, the caller gets a {@link dev.distlock.LockLostException} that carries the method's
 * value or failure (thrown; for a {@code CompletionStage}, {@code Mono} or {@code Flux}, as its failure; a
 * {@code Flux}'s elements have reached the subscriber already and are not carried), unless the provider's
 * {@link dev.distlock.LostLockPolicy} is {@code NOTIFY}. A release that fails on the backend after the
 * method succeeded is logged and the value returned, unless the provider's {@link dev.distlock.ReleaseErrorPolicy}
 * is {@code THROW}. Work that may outlast its TTL should switch {@link #renewal()} on.
 * @since 0.1.0
 */
@Target({ ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface DistributedLock {

	/**
	 * The lock's key, a SpEL expression evaluated on each call. It sees the method's parameters by name
	 * ({@code #order.id}, with {@code -parameters}) and position ({@code #p0}, {@code #a0}), the call as {@code #root}
	 * ({@code #root.methodName}, {@code #root.targetClass}, {@code #root.args}) and beans as {@code @beanName}. Empty
	 * (the default) means one lock per method, keyed by the method's qualified name. An expression that evaluates to
	 * {@code null} or blank fails the call with {@link IllegalArgumentException}.
	 * @return the key expression
	 */
	String key() default "";

	/**
	 * Whether to wait for the lock: {@code false} (the default) tries once and fails at once if the key is held;
	 * {@code true} waits up to {@link #waitTime()}.
	 * @return whether to wait
	 */
	boolean blocking() default false;

	/**
	 * The lock's expiry: a duration such as {@code "30s"}, {@code "5m"} or {@code "PT30S"} for a TTL, or
	 * {@code "never"} for a lock held until the method completes however long that takes; {@code ${...}} placeholders
	 * are resolved. Empty (the default) uses the provider's default ({@code distlock.default-ttl}).
	 * @return the TTL, {@code "never"}, or empty
	 */
	String ttl() default "";

	/**
	 * The lock provider to take the lock from: the name of one configured with {@code distlock.providers.<name>.*}
	 * (or of a {@code LockProvider} bean with that qualifier), for example {@code "jobs"}. Empty (the default) uses
	 * the default provider. A name that matches no provider fails the startup.
	 * @return the provider's name, or empty
	 */
	String provider() default "";

	/**
	 * How long a {@link #blocking()} call waits for the lock, as a duration such as {@code "10s"}. Empty (the
	 * default) uses {@code distlock.blocking.wait-time}. Only with {@code blocking = true}.
	 * @return the wait time, or empty
	 */
	String waitTime() default "";

	/**
	 * How often a {@link #blocking()} call retries when the backend cannot signal releases, as a duration such as
	 * {@code "100ms"}. Empty (the default) uses {@code distlock.blocking.interval}. Only with {@code blocking = true}.
	 * @return the interval, or empty
	 */
	String interval() default "";

	/**
	 * Whether the lock is renewed in the background while the method runs, so that work that outlasts the TTL keeps
	 * the key, while a process that dies frees it within one TTL. {@link Renewal#DEFAULT} (the default) follows the
	 * provider's default ({@code distlock.renewal.enabled}); {@link Renewal#ENABLED} is not allowed together with
	 * {@code ttl = "never"}, since a lock that never expires has nothing to renew.
	 * @return the renewal
	 */
	Renewal renewal() default Renewal.DEFAULT;

	/**
	 * What the call does when the lock is not acquired: throw {@link dev.distlock.KeyAlreadyAcquiredException}
	 * ({@link NotAcquired#THROW}), or skip the method and return an empty value ({@link NotAcquired#SKIP}), as a
	 * scheduled job that another instance runs already should. {@link NotAcquired#DEFAULT} (the default) follows
	 * {@code distlock.not-acquired}.
	 * @return what a call that did not get its lock does
	 */
	NotAcquired ifNotAcquired() default NotAcquired.DEFAULT;

	/**
	 * How long the key stays held after the acquire at least, as a duration such as {@code "30s"}; {@code ${...}}
	 * placeholders are resolved. A call that ends sooner does not free the key: it leaves it held for the rest of
	 * this time, after which it expires. With {@link NotAcquired#SKIP}, a job on several instances whose ticks arrive
	 * a little apart then runs once per tick. Empty (the default) frees the key when the call ends. At most the TTL.
	 * @return the minimum hold, or empty
	 */
	String holdAtLeast() default "";

}
