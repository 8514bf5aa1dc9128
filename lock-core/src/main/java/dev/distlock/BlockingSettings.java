package dev.distlock;

import java.time.Duration;

/**
 * How long a blocking acquire waits, and how often it retries when the adapter cannot signal releases.
 *
 * @param waitTime the longest time to wait in all; zero means one attempt
 * @param interval the time between attempts when no release is signalled
 */
public record BlockingSettings(Duration waitTime, Duration interval) {

	/** The defaults: wait up to 1 minute, retry every second. */
	public static final BlockingSettings DEFAULTS = new BlockingSettings(Duration.ofMinutes(1), Duration.ofSeconds(1));

	/**
	 * Checks the values.
	 * @param waitTime the longest time to wait, not negative
	 * @param interval the retry interval, positive
	 * @throws IllegalArgumentException if {@code waitTime} is negative or {@code interval} is not positive
	 */
	public BlockingSettings {
		Arguments.requireNonNegative("waitTime", waitTime);
		Arguments.requirePositive("interval", interval);
	}

	/**
	 * Settings with the given wait time and interval.
	 * @param waitTime the longest time to wait, not negative
	 * @param interval the retry interval, positive
	 * @return the settings
	 * @throws IllegalArgumentException if {@code waitTime} is negative or {@code interval} is not positive
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
	 * @param interval the retry interval, positive
	 * @return new settings
	 * @throws IllegalArgumentException if {@code interval} is not positive
	 */
	public BlockingSettings withInterval(Duration interval) {
		return new BlockingSettings(this.waitTime, interval);
	}

}
