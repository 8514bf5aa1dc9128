package dev.distlock.spring;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import dev.distlock.Lock;

/**
 * The lock of one subscription to a {@code Mono} or {@code Flux} method, released exactly once: after the work
 * completed, after it failed, or when the subscriber cancelled, whichever comes first. Once, because a second release
 * of a released lock would find the key free and report the lock as lost. Releases run on the bounded-elastic
 * scheduler, since lock calls block and the work may complete on an event loop.
 */
final class LockedSubscription {

	private final Lock lock;

	private final AtomicBoolean released = new AtomicBoolean();

	LockedSubscription(Lock lock) {
		this.lock = lock;
	}

	/** The work's value, if any, once the lock is released; or the error a lost lock or the work's failure makes. */
	<T> Mono<T> settle(Mono<T> work) {
		return work.singleOptional()
			.onErrorResume(this::afterFailure)
			.flatMap((value) -> afterWork(value.orElse(null)));
	}

	/** The work's elements as they come, and its completion once the lock is released; or the error as above. */
	<T> Flux<T> settle(Flux<T> work) {
		return work.onErrorResume(this::afterFailure).concatWith(Mono.defer(() -> afterWork(null)));
	}

	/** Nothing left to do once the work has settled the lock. */
	Mono<Void> settled() {
		return Mono.empty();
	}

	/** Releases the lock of a cancelled subscription; nobody is left to tell of a loss but the lock's event. */
	Mono<Void> cancelled() {
		return Mono.<Void>fromRunnable(this::releaseNow).subscribeOn(Schedulers.boundedElastic());
	}

	/** Releases the lock on the calling thread, unless it was released already. */
	void releaseNow() {
		if (this.released.compareAndSet(false, true)) {
			this.lock.release();
		}
	}

	private <T> Mono<T> afterWork(@Nullable T value) {
		return Mono.fromCallable(() -> this.released.compareAndSet(false, true) ? this.lock.releaseAfterWork(value)
				: value)
			.subscribeOn(Schedulers.boundedElastic());
	}

	private <T> Mono<T> afterFailure(Throwable failure) {
		return Mono.fromCallable(() -> this.released.compareAndSet(false, true) ? this.lock.releaseAfterFailure(failure)
				: failure)
			.subscribeOn(Schedulers.boundedElastic())
			.flatMap(Mono::error);
	}

}
