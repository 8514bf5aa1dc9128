package dev.distlock;

import java.time.Duration;

/**
 * How long a blocking acquire waits, and how often it retries when the adapter cannot signal releases.
 *
 * @param waitTime the longest time to wait in all; zero means one attempt
 * @param interval the time between attempts when no release is signalled; at least {@link #MIN_INTERVAL}
 * @since 0.1.0
 */
public record BlockingSettings(Duration waitTime, Duration interval) {

	/**
	 * The shortest interval: 1 ms. Each attempt is a round trip to the backend, made by every waiter on its own: a
	 * shorter interval would turn a few waiters into thousands of requests a second (a nanosecond interval made
	 * about 1,500 per waiter), which loads the backend for every other client.
	 */
	public static final Duration MIN_INTERVAL = Duration.ofMillis(1);

	/** The defaults: wait up to 1 minute, retry every second. */
	public static final BlockingSettings DEFAULTS = new BlockingSettings(Duration.ofMinutes(1), Duration.ofSeconds(1));

	/**
	 * Checks the values.
	 * @param waitTime the longest time to wait, not negative
	 * @param interval the retry interval, at least {@link #MIN_INTERVAL}
	 * @throws IllegalArgumentException if {@code waitTime} is negative or {@code interval} is shorter than
	 * {@link #MIN_INTERVAL}
	 */
	public BlockingSettings {
		Arguments.requireNonNegative("waitTime", waitTime);
		if (Arguments.requirePositive("interval", interval).compareTo(MIN_INTERVAL) < 0) {
			throw new IllegalArgumentException("interval must be at least 1 ms, was " + interval);
		}
	}

	/**
	 * Settings with the given wait time and interval.
	 * @param waitTime the longest time to wait, not negative
	 * @param interval the retry interval, at least {@link #MIN_INTERVAL}
	 * @return the settings
	 * @throws IllegalArgumentException if {@code waitTime} is negative or {@code interval} is shorter than
	 * {@link #MIN_INTERVAL}
	 */
	public static BlockingSettings of(Duration waitTime, Duration interval) {
		return new BlockingSettings(waitTime, interval);
	}

	/**
	 * These settings with another wait time.
	 * @param waitTime the longest time to wait, not negative
	 * @return new settings
	 * @throws IllegalArgumentException if {@code waitTime} is negative
	 */
	public BlockingSettings withWaitTime(Duration waitTime) {
		return new BlockingSettings(waitTime, this.interval);
	}

	/**
	 * These settings with another interval.
	 * @param interval the retry interval, at least {@link #MIN_INTERVAL}
	 * @return new settings
	 * @throws IllegalArgumentException if {@code interval} is shorter than {@link #MIN_INTERVAL}
	 */
	public BlockingSettings withInterval(Duration interval) {
		return new BlockingSettings(this.waitTime, interval);
	}

}
