package dev.distlock.jdbc;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.distlock.BlockingSettings;
import dev.distlock.Lock;

/**
 * A blocking acquire on a thread of its own, so that a test can see it park between attempts and time when it
 * returns.
 */
final class BlockedAcquire implements AutoCloseable {

	private final Thread thread;

	private final CompletableFuture<Boolean> result = new CompletableFuture<>();

	private final long startedAt;

	private volatile long returnedAt;

	private BlockedAcquire(Lock lock, BlockingSettings settings) {
		this.thread = new Thread(() -> {
			try {
				boolean acquired = lock.acquireBlocking(settings);
				this.returnedAt = System.nanoTime();
				this.result.complete(acquired);
			}
			catch (Throwable ex) {
				this.returnedAt = System.nanoTime();
				this.result.completeExceptionally(ex);
			}
		}, "blocked-acquire-" + lock.getKey());
		this.thread.setDaemon(true);
		this.startedAt = System.nanoTime();
		this.thread.start();
	}

	static BlockedAcquire start(Lock lock, BlockingSettings settings) {
		return new BlockedAcquire(lock, settings);
	}

	/**
	 * Tells whether the thread is parked: between attempts, it waits for a release or its next poll. A statement on
	 * the wire keeps it runnable.
	 */
	boolean isParked() {
		Thread.State state = this.thread.getState();
		return state == Thread.State.TIMED_WAITING || state == Thread.State.WAITING;
	}

	boolean isDone() {
		return this.result.isDone();
	}

	/**
	 * Waits for the acquire to return.
	 * @return whether it acquired
	 */
	boolean await(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
		return this.result.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** How long after it started the acquire returned. */
	Duration returnedAfter() {
		return Duration.ofNanos(this.returnedAt - this.startedAt);
	}

	/** How long after it started {@code nanoTime} is. */
	Duration elapsedAt(long nanoTime) {
		return Duration.ofNanos(nanoTime - this.startedAt);
	}

	@Override
	public void close() throws InterruptedException {
		this.thread.interrupt();
		this.thread.join(TimeUnit.SECONDS.toMillis(5));
	}

}
