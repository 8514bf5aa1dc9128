package dev.distlock.spring;

import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.springframework.aop.support.AopUtils;
import org.springframework.expression.BeanResolver;
import org.springframework.util.ClassUtils;
import org.springframework.util.StringValueResolver;

import dev.distlock.BlockingSettings;
import dev.distlock.DefaultLockProvider;
import dev.distlock.Lock;
import dev.distlock.LockProvider;

/**
 * Runs {@link DistributedLock @DistributedLock} methods under their lock: evaluates the key, creates a lock with a
 * fresh owner for the call, acquires it ({@code runOrFail}, or {@code runBlockingOrFail} when blocking) and releases
 * it when the method's work is done.
 *
 * <p>Synchronous methods release when they return or throw. Methods returning a {@link CompletionStage} acquire on the
 * calling thread and release when the stage completes. Methods returning a Reactor {@code Mono} or {@code Flux}
 * acquire when subscribed, on Reactor's bounded-elastic scheduler so that no event-loop thread blocks, and release
 * when the publisher completes, fails or is cancelled.
 *
 * <p>Every path ends the way {@link Lock#releaseAfterWork(Object)} and {@link Lock#releaseAfterFailure(Throwable)}
 * say: a lock lost while the method ran fails the call (or the returned stage or publisher) with
 * {@link dev.distlock.LockLostException}, and a failed release after success is logged, under the provider's default
 * policies.
 */
public class DistributedLockInterceptor implements MethodInterceptor {

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Mono",
			DistributedLockInterceptor.class.getClassLoader());

	private final Supplier<LockProvider> lockProvider;

	private final LockKeyEvaluator keyEvaluator;

	private final DistributedLockAttributeSource attributeSource;

	/**
	 * Creates the interceptor.
	 * @param lockProvider supplies the provider that creates the locks; called on the first locked call, so that the
	 * provider need not exist when the interceptor is made
	 * @param beanResolver resolves {@code @beanName} references in key expressions, or {@code null} to allow none
	 */
	public DistributedLockInterceptor(Supplier<LockProvider> lockProvider, @Nullable BeanResolver beanResolver) {
		this.lockProvider = lockProvider;
		this.keyEvaluator = new LockKeyEvaluator(beanResolver);
		this.attributeSource = new DistributedLockAttributeSource(this.keyEvaluator);
	}

	/**
	 * Sets what resolves {@code ${...}} placeholders in the duration attributes.
	 * @param valueResolver the resolver, or {@code null} to take the attributes as written
	 */
	public void setValueResolver(@Nullable StringValueResolver valueResolver) {
		this.attributeSource.setValueResolver(valueResolver);
	}

	/**
	 * Finds, checks and caches the {@code @DistributedLock} that applies to {@code method}; called for every method
	 * when a bean is created, so that a bad attribute fails the startup rather than the method's first call.
	 * @param method the method
	 * @param targetClass the class it is called on
	 * @return whether the method is locked
	 * @throws InvalidDistributedLockException if the annotation has an invalid attribute
	 */
	public boolean isLocked(Method method, Class<?> targetClass) {
		return this.attributeSource.find(method, targetClass) != null;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Method method = invocation.getMethod();
		Object target = invocation.getThis();
		Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : method.getDeclaringClass();
		DistributedLockAttributes attributes = (method.getDeclaringClass() != Object.class)
				? this.attributeSource.find(method, targetClass) : null;
		if (attributes == null) {
			return invocation.proceed();
		}
		String key = key(attributes, invocation, targetClass);
		Supplier<Lock> locks = () -> this.lockProvider.get().create(key, attributes.lockSettings());
		Class<?> returnType = method.getReturnType();
		if (REACTOR_PRESENT && ReactorLocking.isReactive(returnType)) {
			return ReactorLocking.lock(invocation, returnType, locks, (lock) -> acquire(lock, attributes));
		}
		if (CompletionStage.class.isAssignableFrom(returnType)) {
			return lockCompletionStage(invocation, locks.get(), attributes);
		}
		Lock lock = locks.get();
		if (!attributes.blocking()) {
			return lock.runOrFail(invocation::proceed);
		}
		BlockingSettings settings = attributes.blockingSettings(defaultBlockingSettings());
		return (settings != null) ? lock.runBlockingOrFail(invocation::proceed, settings)
				: lock.runBlockingOrFail(invocation::proceed);
	}

	private @Nullable Object lockCompletionStage(MethodInvocation invocation, Lock lock,
			DistributedLockAttributes attributes) throws Throwable {
		// Acquired on the calling thread, and a failure thrown there: @Retryable retries thrown exceptions only.
		acquire(lock, attributes);
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			// The method's own failure wins over a failed release, as in Lock.run; a lost lock wraps it.
			throw lock.releaseAfterFailure(ex);
		}
		if (result == null) {
			return lock.releaseAfterWork(null);
		}
		// The returned stage completes after the release, so a caller that waits for it finds the key free, and it
		// fails with LockLostException when the lock was lost while the work ran. Built with the stage's own methods,
		// so that a method declared to return CompletableFuture still returns one.
		return ((CompletionStage<?>) result).handle((value, failure) -> settle(lock, value, failure))
			.thenCompose(Function.identity());
	}

	private static CompletionStage<@Nullable Object> settle(Lock lock, @Nullable Object value,
			@Nullable Throwable failure) {
		if (failure != null) {
			return CompletableFuture.failedFuture(lock.releaseAfterFailure(unwrap(failure)));
		}
		try {
			return CompletableFuture.completedFuture(lock.releaseAfterWork(value));
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	// A stage that failed on its own reports the work's failure wrapped; the lock reports the work's failure itself.
	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

	private void acquire(Lock lock, DistributedLockAttributes attributes) {
		if (!attributes.blocking()) {
			lock.acquireOrFail();
			return;
		}
		BlockingSettings settings = attributes.blockingSettings(defaultBlockingSettings());
		if (settings != null) {
			lock.acquireBlockingOrFail(settings);
		}
		else {
			lock.acquireBlockingOrFail();
		}
	}

	private BlockingSettings defaultBlockingSettings() {
		return (this.lockProvider.get() instanceof DefaultLockProvider provider) ? provider.getDefaultBlockingSettings()
				: BlockingSettings.DEFAULTS;
	}

	private String key(DistributedLockAttributes attributes, MethodInvocation invocation, Class<?> targetClass) {
		if (attributes.key() == null) {
			return attributes.methodName();
		}
		Method method = AopUtils.getMostSpecificMethod(invocation.getMethod(), targetClass);
		LockExpressionRoot root = new LockExpressionRoot(method, invocation.getArguments(), invocation.getThis(),
				targetClass);
		Object key = this.keyEvaluator.evaluate(attributes.key(), root, method, invocation.getArguments());
		String text = (key != null) ? key.toString() : null;
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("The @DistributedLock key '" + attributes.keySource() + "' of "
					+ attributes.methodName() + " evaluated to " + ((text == null) ? "null" : "a blank string")
					+ "; a lock key must not be null or blank");
		}
		return text;
	}

}
