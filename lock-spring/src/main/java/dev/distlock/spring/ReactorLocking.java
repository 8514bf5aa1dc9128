package dev.distlock.spring;

import java.util.function.Consumer;
import java.util.function.Supplier;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.springframework.aop.ProxyMethodInvocation;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.distlock.Lock;

/**
 * Locks methods that return {@code Mono} or {@code Flux}. A class of its own so that Reactor is loaded only when
 * it is on the classpath.
 *
 * <p>Nothing happens until subscription. Each subscription creates its own lock (so a resubscription, as by
 * {@code @Retryable}, acquires again, and two subscriptions exclude each other), acquires it on the bounded-elastic
 * scheduler, because lock calls block and a subscriber may sit on an event loop, then calls the method, and releases
 * the lock, again off the event loop, when the method's publisher completes, fails or is cancelled.
 *
 * <p>Completion and failure reach the subscriber only after the release, the way
 * {@link Lock#releaseAfterWork(Object)} and {@link Lock#releaseAfterFailure(Throwable)} decide: a lock lost while the
 * work ran turns them into a {@link dev.distlock.LockLostException} error, carrying a {@code Mono}'s value (a
 * {@code Flux}'s elements have reached the subscriber already, so it carries none).
 */
final class ReactorLocking {

	private ReactorLocking() {
	}

	static boolean isReactive(Class<?> returnType) {
		return Mono.class.isAssignableFrom(returnType) || Flux.class.isAssignableFrom(returnType);
	}

	static Publisher<?> lock(MethodInvocation invocation, Class<?> returnType, Supplier<Lock> locks,
			Consumer<Lock> acquire) {
		Mono<LockedSubscription> acquired = Mono.fromCallable(() -> {
			Lock lock = locks.get();
			acquire.accept(lock);
			return new LockedSubscription(lock);
		})
			.subscribeOn(Schedulers.boundedElastic())
			// A cancel that lands after the acquire succeeded but before the lock was handed on discards it: release.
			.doOnDiscard(LockedSubscription.class, LockedSubscription::releaseNow);
		// Completion and failure are settled inside the work, so that a lost lock can become the subscriber's error;
		// usingWhen is left to release on cancel.
		if (Mono.class.isAssignableFrom(returnType)) {
			return Mono.usingWhen(acquired, (subscription) -> subscription.settle(Mono.from(proceed(invocation))),
					LockedSubscription::settled, (subscription, error) -> subscription.settled(),
					LockedSubscription::cancelled);
		}
		return Flux.usingWhen(acquired, (subscription) -> subscription.settle(Flux.from(proceed(invocation))),
				LockedSubscription::settled, (subscription, error) -> subscription.settled(),
				LockedSubscription::cancelled);
	}

	private static Publisher<?> proceed(MethodInvocation invocation) {
		// A fresh copy of the invocation per subscription: an invocation can proceed down its chain only once.
		MethodInvocation call = (invocation instanceof ProxyMethodInvocation proxyInvocation)
				? proxyInvocation.invocableClone() : invocation;
		try {
			@Nullable Object result = call.proceed();
			return (result != null) ? (Publisher<?>) result : Mono.empty();
		}
		catch (Throwable ex) {
			return Mono.error(ex);
		}
	}

}
