package dev.distlock;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A provider's one background thread, started on first use: renewals, undoing acquires whose outcome is unknown, and
 * releasing again what a failed release left held. Never a thread per lock; daemon, so it never keeps a JVM alive,
 * and stopped by {@link #close()}.
 */
final class LockMaintenance implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LockMaintenance.class);

	private static final AtomicInteger threadNumber = new AtomicInteger();

	private static final Duration FIRST_RETRY = Duration.ofMillis(100);

	private static final Duration MAX_RETRY = Duration.ofSeconds(30);

	private final Object monitor = new Object();

	private @Nullable ScheduledThreadPoolExecutor executor;

	private boolean closed;

	LockMaintenance() {
	}

	/**
	 * Runs {@code task} after {@code delay} on the maintenance thread.
	 * @return the scheduled task, or {@code null} if the provider is closed
	 */
	@Nullable ScheduledFuture<?> schedule(Runnable task, Duration delay) {
		ScheduledExecutorService executor = executor();
		if (executor == null) {
			return null;
		}
		try {
			return executor.schedule(() -> runLogged(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			return null;
		}
	}

	/**
	 * Calls {@code attempt} on the maintenance thread until it returns {@code true}, with back-off from 100 ms to 30 s,
	 * or until the provider is closed. For clean-up that must not hold the caller up: what it cleans is harmless to
	 * clean twice, and knows itself when there is nothing left to do.
	 * @param what what is done, for the log, naming no owner
	 */
	void retryUntilDone(String what, BooleanSupplier attempt) {
		retry(what, attempt, Duration.ZERO);
	}

	private void retry(String what, BooleanSupplier attempt, Duration delay) {
		schedule(() -> {
			boolean done;
			try {
				done = attempt.getAsBoolean();
			}
			catch (RuntimeException ex) {
				logger.debug("Background {} failed; trying again", what, ex);
				done = false;
			}
			if (done) {
				return;
			}
			Duration next = delay.isZero() ? FIRST_RETRY : delay.multipliedBy(2);
			retry(what, attempt, (next.compareTo(MAX_RETRY) > 0) ? MAX_RETRY : next);
		}, delay);
	}

	@Override
	public void close() {
		ScheduledThreadPoolExecutor executor;
		synchronized (this.monitor) {
			this.closed = true;
			executor = this.executor;
		}
		if (executor != null) {
			executor.shutdownNow();
		}
	}

	private @Nullable ScheduledExecutorService executor() {
		synchronized (this.monitor) {
			if (this.closed) {
				return null;
			}
			if (this.executor == null) {
				ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, daemonThreads());
				executor.setRemoveOnCancelPolicy(true);
				this.executor = executor;
			}
			return this.executor;
		}
	}

	private static ThreadFactory daemonThreads() {
		return (runnable) -> {
			Thread thread = new Thread(runnable, "distlock-maintenance-" + threadNumber.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	private static void runLogged(Runnable task) {
		try {
			task.run();
		}
		catch (RuntimeException ex) {
			logger.warn("Lock maintenance task failed", ex);
		}
	}

}
