package dev.distlock.spring;

import java.util.function.Consumer;
import java.util.function.BiFunction;
import java.util.function.Function;
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
 */
final class ReactorLocking {

	private ReactorLocking() {
	}

	static boolean isReactive(Class<?> returnType) {
		return Mono.class.isAssignableFrom(returnType) || Flux.class.isAssignableFrom(returnType);
	}

	static Publisher<?> lock(MethodInvocation invocation, Class<?> returnType, Supplier<Lock> locks,
			Consumer<Lock> acquire) {
		Mono<Lock> acquired = Mono.fromCallable(() -> {
			Lock lock = locks.get();
			acquire.accept(lock);
			return lock;
		})
			.subscribeOn(Schedulers.boundedElastic())
			// A cancel that lands after the acquire succeeded but before the lock was handed on discards it: release.
			.doOnDiscard(Lock.class, Lock::release);
		Function<Lock, Publisher<?>> release = (lock) -> release(lock);
		// After an error, the work's own error reaches the subscriber; a failed release rides along as suppressed.
		BiFunction<Lock, Throwable, Publisher<?>> releaseAfterError = (lock, error) -> release(lock)
			.onErrorResume((releaseFailure) -> {
				error.addSuppressed(releaseFailure);
				return Mono.empty();
			});
		if (Mono.class.isAssignableFrom(returnType)) {
			return Mono.usingWhen(acquired, (lock) -> Mono.from(proceed(invocation)), release, releaseAfterError,
					release);
		}
		return Flux.usingWhen(acquired, (lock) -> proceed(invocation), release, releaseAfterError, release);
	}

	private static Mono<Void> release(Lock lock) {
		return Mono.<Void>fromRunnable(lock::release).subscribeOn(Schedulers.boundedElastic());
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
