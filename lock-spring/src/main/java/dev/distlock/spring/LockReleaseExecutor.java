package dev.distlock.spring;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads that release the locks of asynchronous {@code @DistributedLock} calls once their work completed. A
 * release is a blocking backend call: on the thread that completed a future or signalled a publisher, often a Netty
 * or Lettuce event loop, it would stall that loop (and a release waiting for the very loop it blocks would time out
 * and leave the key to its TTL). A few daemon threads, started on first use, idle ones ended after a minute, and
 * closed with the application context.
 */
final class LockReleaseExecutor implements Executor, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LockReleaseExecutor.class);

	private static final AtomicInteger threadNumber = new AtomicInteger();

	// Releases are short backend calls; more threads than this would only queue up at the backend.
	private static final int THREADS = Math.max(2, Math.min(8, Runtime.getRuntime().availableProcessors()));

	private final ThreadPoolExecutor executor;

	LockReleaseExecutor() {
		this.executor = new ThreadPoolExecutor(THREADS, THREADS, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(),
				(task) -> {
					Thread thread = new Thread(task, "distlock-release-" + threadNumber.incrementAndGet());
					thread.setDaemon(true);
					return thread;
				});
		this.executor.allowCoreThreadTimeOut(true);
	}

	@Override
	public void execute(Runnable release) {
		try {
			this.executor.execute(release);
		}
		catch (RejectedExecutionException ex) {
			// Closed with the context: a release still owed frees the key sooner than its TTL would.
			logger.debug("Lock release executor is closed; releasing on the calling thread");
			release.run();
		}
	}

	/** Stops taking releases; those queued still run. */
	@Override
	public void close() {
		this.executor.shutdown();
	}

}
