package dev.distlock.spring;

import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

import dev.distlock.Lease;

/**
 * The lock of one subscription to a reactive method, released exactly once: after the work completed, after it
 * failed, or when the subscriber cancelled, whichever comes first; and only if no nested call still works under it
 * ({@link LockFrame}). Once, because a second release of a released lock would find the key free and report the lock
 * as lost. Releases run on the interceptor's release threads, since lock calls block and the work may complete on an
 * event loop.
 */
final class LockedSubscription {

	private final Lease lock;

	private final LockFrame frame;

	private final Scheduler releases;

	private final AtomicBoolean released = new AtomicBoolean();

	LockedSubscription(Lease lock, LockFrame frame, Scheduler releases) {
		this.lock = lock;
		this.frame = frame;
		this.releases = releases;
	}

	LockFrame frame() {
		return this.frame;
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

	/** Releases the lock of a cancelled subscription; nobody is left to tell of a loss but the lock's event. */
	Mono<Void> cancelled() {
		return Mono.<Void>fromRunnable(this::releaseNow).subscribeOn(this.releases);
	}

	/** Releases the lock on the calling thread, unless it was released already. */
	void releaseNow() {
		if (isLastRelease()) {
			this.lock.release();
		}
	}

	// This subscription's share ends once; the lock is released only by the frame's last user.
	private boolean isLastRelease() {
		return this.released.compareAndSet(false, true) && this.frame.leave();
	}

	// A false positive: outside JSpecify mode NullAway takes releaseAfterWork's @Nullable T for non-null.
	@SuppressWarnings("NullAway")
	private <T> Mono<T> afterWork(@Nullable T value) {
		return Mono.fromCallable(() -> isLastRelease() ? this.lock.releaseAfterWork(value) : value)
			.subscribeOn(this.releases);
	}

	private <T> Mono<T> afterFailure(Throwable failure) {
		return Mono.fromCallable(() -> isLastRelease() ? this.lock.releaseAfterFailure(failure) : failure)
			.subscribeOn(this.releases)
			.flatMap(Mono::error);
	}

}
