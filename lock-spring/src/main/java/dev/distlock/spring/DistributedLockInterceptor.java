package dev.distlock.spring;

import java.lang.reflect.Method;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.expression.BeanResolver;
import org.springframework.util.StringValueResolver;

import dev.distlock.BlockingSettings;
import dev.distlock.Lease;
import dev.distlock.LockMode;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.ReadWriteLock;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.SemaphoreProvider;
import dev.distlock.spring.observation.SkippableAcquires;

/**
 * Runs {@link DistributedLock @DistributedLock} methods under their lock,
 * {@link DistributedSemaphore @DistributedSemaphore} methods under a slot of their semaphore and
 * {@link DistributedReadWriteLock @DistributedReadWriteLock} methods under their read or write hold: evaluates the key, creates the lease (the lock,
 * the slot, the half) with a fresh owner for the call, acquires it (once, or waiting when blocking) and releases it
 * when the method's work is done; or, when an enclosing call holds the same key on the same provider, and covers the
 * call, runs the method under that hold. Every kind of lease goes the same way from here on.
 *
 * <p>Synchronous methods release when they return or throw. Methods returning a {@link CompletionStage} acquire on the
 * calling thread and release when the stage completes. Reactive methods ({@code Mono}, {@code Flux}, the other
 * deferred types of Spring's {@code ReactiveAdapterRegistry}, and Kotlin {@code suspend} functions) acquire when
 * subscribed, on Reactor's bounded-elastic scheduler so that no event-loop thread blocks, and release when the
 * publisher completes, fails or is cancelled. Releases after asynchronous completion run on this interceptor's own
 * few daemon threads, never on the thread that completed the work; {@link #close()} stops them.
 *
 * <p>Every path ends the way {@link Lease#releaseAfterWork(Object)} and {@link Lease#releaseAfterFailure(Throwable)}
 * say: a lock lost while the method ran fails the call (or the returned stage or publisher) with
 * {@link dev.distlock.LockLostException}, and a failed release after success is logged, under the provider's default
 * policies.
 *
 * @since 0.1.0
 */
public class DistributedLockInterceptor implements MethodInterceptor, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(DistributedLockInterceptor.class);

	private final Function<String, LockProvider> lockProviders;

	private final LockKeyEvaluator keyEvaluator;

	private final DistributedLockAttributeSource attributeSource;

	private final LockReleaseExecutor releaseExecutor = new LockReleaseExecutor();

	private Supplier<SemaphoreProvider> semaphoreProvider = () -> {
		throw new IllegalStateException("@DistributedSemaphore needs a SemaphoreProvider; none is set");
	};

	private Supplier<ReadWriteLockProvider> readWriteLockProvider = () -> {
		throw new IllegalStateException("@DistributedReadWriteLock needs a ReadWriteLockProvider; none is set");
	};

	// Made on the first reactive call: Reactor need not be on the classpath.
	private volatile @Nullable ReactorLocking reactorLocking;

	/**
	 * Creates the interceptor.
	 * @param lockProviders the provider of a name ({@link dev.distlock.LockProviders#DEFAULT_NAME} for the default
	 * one, else an annotation's {@link DistributedLock#provider()}); called on each locked call, so that no provider
	 * need exist when the interceptor is made; it throws for a name that matches none
	 * @param beanResolver resolves {@code @beanName} references in key expressions, or {@code null} to allow none
	 */
	public DistributedLockInterceptor(Function<String, LockProvider> lockProviders,
			@Nullable BeanResolver beanResolver) {
		this.lockProviders = lockProviders;
		this.keyEvaluator = new LockKeyEvaluator(beanResolver);
		this.attributeSource = new DistributedLockAttributeSource(this.keyEvaluator);
	}

	/**
	 * Sets where {@link DistributedSemaphore @DistributedSemaphore} calls take their semaphores from.
	 * @param semaphoreProvider the provider, called on each such call, so that none need exist when the interceptor
	 * is made; it throws if there is none
	 */
	public void setSemaphoreProvider(Supplier<SemaphoreProvider> semaphoreProvider) {
		this.semaphoreProvider = semaphoreProvider;
	}

	/**
	 * Sets where {@link DistributedReadWriteLock @DistributedReadWriteLock} calls take their read-write locks from.
	 * @param readWriteLockProvider the provider, called on each such call; it throws if there is none
	 */
	public void setReadWriteLockProvider(Supplier<ReadWriteLockProvider> readWriteLockProvider) {
		this.readWriteLockProvider = readWriteLockProvider;
	}

	/**
	 * Sets what tells whether a semaphore or read-write lock provider exists, so that a
	 * {@code @DistributedSemaphore} or {@code @DistributedReadWriteLock} without one fails when its bean is created
	 * rather than on its first call. Set it before the first bean is checked.
	 * @param providerExists tells for {@code SemaphoreProvider.class} and {@code ReadWriteLockProvider.class} whether
	 * one exists, or {@code null} if not known at startup
	 */
	public void setLeaseProviderCheck(@Nullable Predicate<Class<?>> providerExists) {
		this.attributeSource.setLeaseProviderCheck(providerExists);
	}

	/**
	 * Sets what resolves {@code ${...}} placeholders in the duration attributes.
	 * @param valueResolver the resolver, or {@code null} to take the attributes as written
	 */
	public void setValueResolver(@Nullable StringValueResolver valueResolver) {
		this.attributeSource.setValueResolver(valueResolver);
	}

	/**
	 * Sets the names of the providers there are, so that an annotation naming another fails when its bean is created
	 * rather than on its first call. Set it before the first bean is checked.
	 * @param providerNames the names, {@code "default"} among them, or {@code null} if not known at startup
	 */
	public void setProviderNames(@Nullable Set<String> providerNames) {
		Set<String> names = (providerNames != null) ? Set.copyOf(providerNames) : null;
		setProviderCheck((names != null) ? names::contains : null);
	}

	/**
	 * Sets what tells whether a provider of a name exists, so that an annotation naming none fails when its bean is
	 * created rather than on its first call. Set it before the first bean is checked.
	 * @param providerExists the check, or {@code null} if providers are not known at startup
	 */
	public void setProviderCheck(@Nullable Predicate<String> providerExists) {
		this.attributeSource.setProviderCheck(providerExists);
	}

	/**
	 * Sets what methods annotated with {@link NotAcquired#DEFAULT} do when their lock is not acquired. Methods
	 * returning a primitive keep throwing, having no empty value. Set it before the first bean is checked.
	 * @param notAcquired {@link NotAcquired#THROW} (the default) or {@link NotAcquired#SKIP}
	 */
	public void setDefaultNotAcquired(NotAcquired notAcquired) {
		this.attributeSource.setDefaultNotAcquired(notAcquired);
	}

	/**
	 * Finds, checks and caches the {@code @DistributedLock} that applies to {@code method}; called for every method
	 * when a bean is created, so that a bad attribute fails the startup rather than the method's first call.
	 * @param method the method
	 * @param targetClass the class it is called on
	 * @return whether the method is locked
	 * @throws InvalidDistributedLockException if the annotation has an invalid attribute, or the method's return
	 * type cannot be locked
	 */
	public boolean isLocked(Method method, Class<?> targetClass) {
		return this.attributeSource.find(method, targetClass) != null;
	}

	/** Stops the threads that release after asynchronous work; releases queued still run. Idempotent. */
	@Override
	public void close() {
		this.releaseExecutor.close();
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
		Leases leases = leases(attributes);
		return switch (attributes.returnKind()) {
			case SYNCHRONOUS -> lockSynchronously(invocation, leases, key, attributes);
			case COMPLETION_STAGE -> lockCompletionStage(invocation, leases, key, attributes);
			case MONO, FLUX, ADAPTED, SUSPENDING -> reactorLocking()
				.lock(invocation, attributes, () -> leases.create().apply(key),
						(lease) -> acquire(leases, lease, attributes), (outer) -> leases.join(outer, key),
						(lease, outer) -> leases.frame(key, lease, outer));
		};
	}

	// Where the call's lease comes from: its kind's provider, asked on each call.
	private Leases leases(DistributedLockAttributes attributes) {
		LeaseKind kind = attributes.kind();
		LockSettings settings = attributes.lockSettings();
		if (kind.isLock()) {
			LockProvider provider = this.lockProviders.apply(attributes.provider());
			return new Leases(provider, null, 0, (key) -> provider.create(key, settings),
					provider::getDefaultBlockingSettings);
		}
		if (kind.isSemaphore()) {
			SemaphoreProvider provider = this.semaphoreProvider.get();
			return new Leases(provider, null, kind.limit(), (key) -> provider.create(key, kind.limit(), settings),
					provider::getDefaultBlockingSettings);
		}
		ReadWriteLockProvider provider = this.readWriteLockProvider.get();
		LockMode mode = Objects.requireNonNull(kind.mode());
		return new Leases(provider, mode, 0, (key) -> half(provider.create(key, settings), mode),
				provider::getDefaultBlockingSettings);
	}

	private static Lease half(ReadWriteLock lock, LockMode mode) {
		return (mode == LockMode.READ) ? lock.readLock() : lock.writeLock();
	}

	/**
	 * How a call makes and shares its lease.
	 * @param provider the provider, whose identity tells its frames from others' (kinds never share a provider)
	 * @param mode the read-write half, {@code null} for a lock or a semaphore's slot
	 * @param limit a semaphore's limit, {@code 0} for the other kinds
	 * @param create creates a lease of a key with a fresh owner
	 * @param blockingDefaults the blocking settings that an annotation's wait time or interval completes
	 */
	private record Leases(Object provider, @Nullable LockMode mode, int limit, Function<String, Lease> create,
			Supplier<BlockingSettings> blockingDefaults) {

		@Nullable LockFrame join(@Nullable LockFrame outer, String key) {
			return LockFrame.join(outer, this.provider, key, this.mode, this.limit);
		}

		LockFrame frame(String key, Lease lease, @Nullable LockFrame outer) {
			return new LockFrame(this.provider, key, lease, this.mode, outer);
		}

	}

	private @Nullable Object lockSynchronously(MethodInvocation invocation, Leases leases, String key,
			DistributedLockAttributes attributes) throws Throwable {
		LockFrame outer = LockFrame.current();
		LockFrame held = leases.join(outer, key);
		if (held != null) {
			// Reentrant: the enclosing call's hold covers this one; its end releases, unless this one is the last.
			return runUnder(held, invocation);
		}
		Lease lease = leases.create().apply(key);
		if (!acquire(leases, lease, attributes)) {
			return ReturnKind.emptyValue(ReturnKind.SYNCHRONOUS, attributes.returnType());
		}
		return runUnder(leases.frame(key, lease, outer), invocation);
	}

	// Runs the method with frame innermost on this thread, and releases if this call is the frame's last user.
	private static @Nullable Object runUnder(LockFrame frame, MethodInvocation invocation) throws Throwable {
		LockFrame previous = LockFrame.enter(frame);
		Object value;
		try {
			value = invocation.proceed();
		}
		catch (Throwable ex) {
			LockFrame.restore(previous);
			// The method's own failure wins over a failed release, as in Lock.run; a lost lock wraps it.
			throw frame.leave() ? frame.lease().releaseAfterFailure(ex) : ex;
		}
		LockFrame.restore(previous);
		return frame.leave() ? releaseAfterWork(frame.lease(), value) : value;
	}

	// Lock.releaseAfterWork of a result that may be null. A false positive suppressed: outside JSpecify mode (not
	// on JDK 17) NullAway takes its <T extends @Nullable Object> parameter for non-null.
	@SuppressWarnings("NullAway")
	private static @Nullable Object releaseAfterWork(Lease lock, @Nullable Object value) {
		return lock.releaseAfterWork(value);
	}

	private @Nullable Object lockCompletionStage(MethodInvocation invocation, Leases leases, String key,
			DistributedLockAttributes attributes) throws Throwable {
		LockFrame outer = LockFrame.current();
		LockFrame frame = leases.join(outer, key);
		if (frame == null) {
			// Acquired on the calling thread, and a failure thrown there: @Retryable retries thrown exceptions only.
			Lease lease = leases.create().apply(key);
			if (!acquire(leases, lease, attributes)) {
				return ReturnKind.emptyValue(ReturnKind.COMPLETION_STAGE, attributes.returnType());
			}
			frame = leases.frame(key, lease, outer);
		}
		LockFrame previous = LockFrame.enter(frame);
		Object result;
		try {
			result = invocation.proceed();
		}
		catch (Throwable ex) {
			LockFrame.restore(previous);
			throw frame.leave() ? frame.lease().releaseAfterFailure(ex) : ex;
		}
		LockFrame.restore(previous);
		if (result == null) {
			return frame.leave() ? releaseAfterWork(frame.lease(), null) : null;
		}
		// The returned stage completes after the release, so a caller that waits for it finds the key free, and it
		// fails with LockLostException when the lock was lost while the work ran. The release runs on the release
		// executor, never on the thread that completed the stage: an event loop must not block on the backend. Built
		// with the stage's own methods, so that a method declared to return CompletableFuture still returns one.
		LockFrame settled = frame;
		return ((CompletionStage<?>) result)
			.handleAsync((value, failure) -> settle(settled, value, failure), this.releaseExecutor)
			.thenCompose(Function.identity());
	}

	private static CompletionStage<@Nullable Object> settle(LockFrame frame, @Nullable Object value,
			@Nullable Throwable failure) {
		boolean last = frame.leave();
		if (failure != null) {
			Throwable cause = unwrap(failure);
			return CompletableFuture.failedFuture(last ? frame.lease().releaseAfterFailure(cause) : cause);
		}
		try {
			return CompletableFuture.completedFuture(last ? releaseAfterWork(frame.lease(), value) : value);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	// A stage that failed on its own reports the work's failure wrapped; the lock reports the work's failure itself.
	private static Throwable unwrap(Throwable failure) {
		return (failure instanceof CompletionException && failure.getCause() != null) ? failure.getCause() : failure;
	}

	/**
	 * Acquires the call's lock.
	 * @return {@code true} if acquired; {@code false} if not and the call is skipped
	 * @throws dev.distlock.KeyAlreadyAcquiredException if not acquired and the call is not skipped
	 */
	private boolean acquire(Leases leases, Lease lock, DistributedLockAttributes attributes) {
		if (!attributes.skip()) {
			acquireOrFail(leases, lock, attributes);
			return true;
		}
		boolean acquired = SkippableAcquires.acquire(() -> tryAcquire(leases, lock, attributes));
		if (!acquired) {
			logger.debug("{} '{}' of {} is held elsewhere; the call is skipped", attributes.kind().annotationName(),
					lock.getKey(), attributes.methodName());
		}
		return acquired;
	}

	private boolean tryAcquire(Leases leases, Lease lock, DistributedLockAttributes attributes) {
		if (!attributes.blocking()) {
			return lock.acquire();
		}
		BlockingSettings settings = attributes.blockingSettings(leases.blockingDefaults().get());
		return (settings != null) ? lock.acquireBlocking(settings) : lock.acquireBlocking();
	}

	private void acquireOrFail(Leases leases, Lease lock, DistributedLockAttributes attributes) {
		if (!attributes.blocking()) {
			lock.acquireOrFail();
			return;
		}
		BlockingSettings settings = attributes.blockingSettings(leases.blockingDefaults().get());
		if (settings != null) {
			lock.acquireBlockingOrFail(settings);
		}
		else {
			lock.acquireBlockingOrFail();
		}
	}

	private ReactorLocking reactorLocking() {
		ReactorLocking locking = this.reactorLocking;
		if (locking == null) {
			locking = new ReactorLocking(this.releaseExecutor);
			this.reactorLocking = locking;
		}
		return locking;
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
			throw new InvalidDistributedLockException(attributes.kind().annotationName(), attributes.methodName(),
					"key", attributes.keySource(), "evaluated to " + ((text == null) ? "null" : "a blank string")
							+ "; a lock key must not be null or blank");
		}
		if (KeyVariables.hasNullPart(attributes.key(), text)) {
			// "orders:null" would be one lock shared by every call whose value is missing.
			throw new InvalidDistributedLockException(attributes.kind().annotationName(), attributes.methodName(),
					"key", attributes.keySource(), "evaluated to a key with a null part; a missing value must not make one lock for all such calls");
		}
		return text;
	}

}
