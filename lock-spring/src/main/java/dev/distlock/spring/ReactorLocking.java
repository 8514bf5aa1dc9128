package dev.distlock.spring;

import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.core.ReactiveAdapter;
import org.springframework.core.ReactiveAdapterRegistry;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import dev.distlock.Lease;
import dev.distlock.Lock;

/**
 * Locks reactive methods: {@code Mono}, {@code Flux}, the other deferred types of Spring's
 * {@link ReactiveAdapterRegistry} (adapted to and from a {@code Mono} or {@code Flux}), and Kotlin {@code suspend}
 * functions (which Spring's AOP proxies call as a {@code Mono}). A class of its own so that Reactor is loaded only
 * when it is on the classpath.
 *
 * <p>Nothing happens until subscription. Each subscription creates its own lock (so a resubscription, as by
 * {@code @Retryable}, acquires again, and two subscriptions exclude each other), acquires it on the bounded-elastic
 * scheduler, because lock calls block and a subscriber may sit on an event loop, then calls the method, and releases
 * the lock on the interceptor's release threads when the method's publisher completes, fails or is cancelled. A
 * subscription within a pipeline that holds the same key already (its Reactor context says so) reuses that hold.
 *
 * <p>Completion and failure reach the subscriber only after the release, the way
 * {@link Lock#releaseAfterWork(Object)} and {@link Lock#releaseAfterFailure(Throwable)} decide: a lock lost while the
 * work ran turns them into a {@link dev.distlock.LockLostException} error, carrying a {@code Mono}'s value (a
 * {@code Flux}'s elements have reached the subscriber already, so it carries none).
 */
final class ReactorLocking {

	private final Scheduler releases;

	ReactorLocking(Executor releaseExecutor) {
		this.releases = Schedulers.fromExecutor(releaseExecutor);
	}

	static boolean isMono(Class<?> returnType) {
		return Mono.class.isAssignableFrom(returnType);
	}

	static boolean isFlux(Class<?> returnType) {
		return Flux.class.isAssignableFrom(returnType);
	}

	Object lock(MethodInvocation invocation, DistributedLockAttributes attributes, Supplier<? extends Lease> locks,
			Predicate<Lease> acquire, Function<@Nullable LockFrame, @Nullable LockFrame> join,
			BiFunction<Lease, @Nullable LockFrame, LockFrame> newFrame) {
		ReactiveAdapter adapter = (attributes.returnKind() == ReturnKind.ADAPTED)
				? ReactiveAdapterRegistry.getSharedInstance().getAdapter(attributes.returnType()) : null;
		boolean multiValue = attributes.returnKind() == ReturnKind.FLUX
				|| (adapter != null && adapter.isMultiValue());
		Function<@Nullable Object, Publisher<?>> toPublisher = (adapter != null) ? adapter::toPublisher
				: ReactorLocking::asPublisher;
		Publisher<?> locked = multiValue ? Flux.deferContextual((context) -> {
			LockFrame outer = outerFrame(context);
			LockFrame held = join.apply(outer);
			if (held != null) {
				return Flux.usingWhen(Mono.just(held), (frame) -> withFrame(Flux.from(proceed(invocation, frame,
						toPublisher)), frame), this::leave, (frame, error) -> leave(frame), this::leave);
			}
			return Flux.usingWhen(acquire(locks, acquire, newFrame, outer), (subscription) -> subscription
				.map((locking) -> withFrame(locking.settle(Flux.from(proceed(invocation, locking.frame(),
						toPublisher))), locking.frame()))
				.orElseGet(Flux::empty), ReactorLocking::settled, (subscription, error) -> settled(subscription),
					ReactorLocking::cancelled);
		}) : Mono.deferContextual((context) -> {
			LockFrame outer = outerFrame(context);
			LockFrame held = join.apply(outer);
			if (held != null) {
				return Mono.usingWhen(Mono.just(held), (frame) -> withFrame(Mono.from(proceed(invocation, frame,
						toPublisher)), frame), this::leave, (frame, error) -> leave(frame), this::leave);
			}
			return Mono.usingWhen(acquire(locks, acquire, newFrame, outer), (subscription) -> subscription
				.map((locking) -> withFrame(locking.settle(Mono.from(proceed(invocation, locking.frame(),
						toPublisher))), locking.frame()))
				.orElseGet(Mono::empty), ReactorLocking::settled, (subscription, error) -> settled(subscription),
					ReactorLocking::cancelled);
		});
		return (adapter != null) ? adapter.fromPublisher(locked) : locked;
	}

	// The frame of an enclosing reactive call, else of the synchronous call on whose thread this one subscribes.
	private static @Nullable LockFrame outerFrame(ContextView context) {
		LockFrame fromContext = context.getOrDefault(LockFrame.CONTEXT_KEY, null);
		return (fromContext != null) ? fromContext : LockFrame.current();
	}

	private Mono<Optional<LockedSubscription>> acquire(Supplier<? extends Lease> locks, Predicate<Lease> acquire,
			BiFunction<Lease, @Nullable LockFrame, LockFrame> newFrame, @Nullable LockFrame outer) {
		return Mono.fromCallable(() -> {
			Lease lock = locks.get();
			return acquire.test(lock)
					? Optional.of(new LockedSubscription(lock, newFrame.apply(lock, outer), this.releases))
					: Optional.<LockedSubscription>empty();
		})
			.subscribeOn(Schedulers.boundedElastic())
			// A cancel that lands after the acquire succeeded but before the lock was handed on discards it: release.
			.doOnDiscard(Optional.class, ReactorLocking::discard);
	}

	private static void discard(Optional<?> discarded) {
		if (discarded.orElse(null) instanceof LockedSubscription subscription) {
			subscription.releaseNow();
		}
	}

	// Completion and failure are settled inside the work, so that a lost lock can become the subscriber's error;
	// usingWhen is left to release on cancel.
	private static Mono<Void> settled(Optional<LockedSubscription> subscription) {
		return Mono.empty();
	}

	private static Mono<Void> cancelled(Optional<LockedSubscription> subscription) {
		return subscription.map(LockedSubscription::cancelled).orElseGet(Mono::empty);
	}

	// A reused hold: the last user to leave (the enclosing call is normally still working) releases it.
	private Mono<Void> leave(LockFrame frame) {
		return frame.leave() ? Mono.<Void>fromRunnable(() -> frame.lease().release()).subscribeOn(this.releases)
				: Mono.empty();
	}

	private static <T> Mono<T> withFrame(Mono<T> work, LockFrame frame) {
		return work.contextWrite((context) -> frameContext(context, frame));
	}

	private static <T> Flux<T> withFrame(Flux<T> work, LockFrame frame) {
		return work.contextWrite((context) -> frameContext(context, frame));
	}

	// A semaphore's or read-write lock's frame leaves CurrentLock to the enclosing lock call's, if any.
	private static Context frameContext(Context context, LockFrame frame) {
		Lock lock = frame.lock();
		Context withFrame = context.put(LockFrame.CONTEXT_KEY, frame);
		return (lock != null) ? withFrame.put(CurrentLock.CONTEXT_KEY, lock) : withFrame;
	}

	private static Publisher<?> asPublisher(@Nullable Object result) {
		return (result != null) ? (Publisher<?>) result : Mono.empty();
	}

	private static Publisher<?> proceed(MethodInvocation invocation, LockFrame frame,
			Function<@Nullable Object, Publisher<?>> toPublisher) {
		// A fresh copy of the invocation per subscription: an invocation can proceed down its chain only once.
		MethodInvocation call = (invocation instanceof ProxyMethodInvocation proxyInvocation)
				? proxyInvocation.invocableClone() : invocation;
		// The method assembles its publisher now: locked calls it makes on the way, and CurrentLock, see the frame.
		LockFrame previous = LockFrame.enter(frame);
		try {
			@Nullable Object result = call.proceed();
			return (result != null) ? toPublisher.apply(result) : Mono.empty();
		}
		catch (Throwable ex) {
			return Mono.error(ex);
		}
		finally {
			LockFrame.restore(previous);
		}
	}

}
