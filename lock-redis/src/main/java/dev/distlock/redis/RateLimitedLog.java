package dev.distlock.redis;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;

import dev.distlock.Ticker;

/**
 * Counts occurrences of something that may happen thousands of times a second (a dropped event, a garbage message)
 * and logs them at WARN at most once an interval: the first at once, then one line per interval with the count since
 * the last line and the last reason. Every occurrence not logged at WARN is logged at DEBUG, so that nothing is lost
 * to whoever turns DEBUG on, and a flood is still a few WARN lines. Thread-safe.
 *
 * <p>A line is only written when something is {@linkplain #record recorded} or {@linkplain #flush flushed}: its
 * owner flushes when it is active anyway (a burst that stopped is reported with the next sign of life) and on close.
 */
final class RateLimitedLog {

	/** The lines, made only when they are logged. None may contain a lock's owner. */
	interface Lines {

		/**
		 * The line for an occurrence when nothing was logged within the interval, at WARN.
		 * @param count how many occurred at once (a failed batch), usually 1
		 * @param reason why
		 * @return the line
		 */
		String first(long count, String reason);

		/**
		 * The line for an occurrence counted for the next summary, at DEBUG.
		 * @param count how many occurred at once
		 * @param reason why
		 * @return the line
		 */
		String each(long count, String reason);

		/**
		 * The line with the count since the last one, at WARN.
		 * @param count how many occurred since the last line
		 * @param over the time since the last line
		 * @param lastReason the last one's reason
		 * @return the line
		 */
		String summary(long count, Duration over, String lastReason);

	}

	private final Logger logger;

	private final Ticker ticker;

	private final long intervalNanos;

	private final Lines lines;

	private final AtomicLong total = new AtomicLong();

	// Guarded by this: what was counted since the last WARN line, and when that was.
	private long pending;

	private @Nullable String lastReason;

	private long lastLine;

	private boolean logged;

	/**
	 * Creates the log.
	 * @param logger where the lines go
	 * @param ticker the time
	 * @param interval the least time between two WARN lines
	 * @param lines the lines
	 */
	RateLimitedLog(Logger logger, Ticker ticker, Duration interval, Lines lines) {
		if (interval.isNegative()) {
			throw new IllegalArgumentException("interval must not be negative, was " + interval);
		}
		this.logger = logger;
		this.ticker = ticker;
		this.intervalNanos = interval.toNanos();
		this.lines = lines;
	}

	/**
	 * Counts occurrences, and logs them at WARN if nothing was logged within the interval, else at DEBUG.
	 * @param count how many occurred, for the same reason
	 * @param reason why
	 */
	void record(long count, String reason) {
		if (count < 1) {
			return;
		}
		this.total.addAndGet(count);
		synchronized (this) {
			long now = this.ticker.read();
			if (this.logged && now - this.lastLine < this.intervalNanos) {
				this.pending += count;
				this.lastReason = reason;
			}
			else {
				long unlogged = this.pending;
				this.logger.warn((unlogged == 0) ? this.lines.first(count, reason)
						: this.lines.summary(unlogged + count, Duration.ofNanos(now - this.lastLine), reason));
				logged(now);
				return;
			}
		}
		if (this.logger.isDebugEnabled()) {
			this.logger.debug(this.lines.each(count, reason));
		}
	}

	/**
	 * Logs the count of what was not logged yet, once the interval since the last line is over.
	 * @param now whether to log it at once, interval or not (on close)
	 */
	void flush(boolean now) {
		synchronized (this) {
			long time = this.ticker.read();
			String reason = this.lastReason;
			if (this.pending == 0 || reason == null || (!now && time - this.lastLine < this.intervalNanos)) {
				return;
			}
			this.logger.warn(this.lines.summary(this.pending, Duration.ofNanos(time - this.lastLine), reason));
			logged(time);
		}
	}

	/**
	 * How many occurred in all.
	 * @return the count since this log was created, logged or not
	 */
	long total() {
		return this.total.get();
	}

	// Guarded by this.
	private void logged(long time) {
		this.logged = true;
		this.lastLine = time;
		this.pending = 0;
		this.lastReason = null;
	}

}
