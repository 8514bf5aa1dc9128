package dev.distlock.adapter;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A waiter's subscription to the releases of one key: the optional wake-up capability of a {@link LockAdapter}.
 *
 * <p>Opened before a blocking acquire's first attempt and closed when it ends; used by one thread.
 *
 * @since 0.1.0
 */
public interface ReleaseWatch extends AutoCloseable {

	/**
	 * Waits until the watched key may have been released since this watch was opened or last awaited, or until the
	 * timeout elapses, whichever comes first. A wake-up is a hint, not a promise: the caller tries to acquire again.
	 * @param timeout the longest time to wait
	 * @return {@code true} if woken by a release, {@code false} if the timeout elapsed
	 * @throws InterruptedException if the waiting thread is interrupted
	 */
	boolean await(Duration timeout) throws InterruptedException;

	/** Stops watching. Never throws. */
	@Override
	void close();

	/**
	 * A watch that hears nothing: {@link #await(Duration)} sleeps for the whole timeout.
	 * @return the polling watch
	 */
	static ReleaseWatch polling() {
		return PollingReleaseWatch.INSTANCE;
	}

}

/** The watch of adapters that cannot tell waiters about releases. */
enum PollingReleaseWatch implements ReleaseWatch {

	INSTANCE;

	@Override
	public boolean await(Duration timeout) throws InterruptedException {
		TimeUnit.NANOSECONDS.sleep(timeout.toNanos());
		return false;
	}

	@Override
	public void close() {
	}

}
