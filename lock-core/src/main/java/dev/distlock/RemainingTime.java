package dev.distlock;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * How long a lock's owner still holds its key: {@link NotHeld} when the owner does not hold it, {@link ExpiresIn}
 * with the time left, or {@link NeverExpires} for a hold without expiry. Read by {@link Lock#getRemainingTime()}.
 *
 * @since 0.1.0
 */
public sealed interface RemainingTime permits RemainingTime.NotHeld, RemainingTime.Held {

	/**
	 * The owner does not hold the key.
	 * @return the answer
	 */
	static NotHeld notHeld() {
		return NotHeld.INSTANCE;
	}

	/**
	 * The owner holds the key, with {@code remaining} left.
	 * @param remaining the time left, not negative
	 * @return the answer
	 */
	static ExpiresIn expiresIn(Duration remaining) {
		return new ExpiresIn(remaining);
	}

	/**
	 * The owner holds the key without expiry.
	 * @return the answer
	 */
	static NeverExpires neverExpires() {
		return NeverExpires.INSTANCE;
	}

	/**
	 * Whether the owner holds the key.
	 * @return {@code true} unless this is {@link NotHeld}
	 */
	default boolean isHeld() {
		return this instanceof Held;
	}

	/**
	 * The owner does not hold the key: it is free, or another owner holds it.
	 *
	 * @since 0.1.0
	 */
	record NotHeld() implements RemainingTime {

		private static final NotHeld INSTANCE = new NotHeld();

	}

	/**
	 * The owner holds the key.
	 *
	 * @since 0.1.0
	 */
	sealed interface Held extends RemainingTime permits ExpiresIn, NeverExpires {

	}

	/**
	 * The owner holds the key, and the hold ends after {@code remaining} unless refreshed.
	 *
	 * @param remaining the time left, not negative
	 * @since 0.1.0
	 */
	record ExpiresIn(Duration remaining) implements Held {

		/**
		 * Checks the value.
		 * @param remaining the time left
		 * @throws IllegalArgumentException if {@code remaining} is {@code null} or negative
		 */
		public ExpiresIn {
			Arguments.requireNonNegative("remaining", remaining);
		}

	}

	/**
	 * The owner holds the key without expiry: it is held until released or force released.
	 *
	 * @since 0.1.0
	 */
	record NeverExpires() implements Held {

		private static final NeverExpires INSTANCE = new NeverExpires();

	}

	/**
	 * The answer for a hold whose remaining time may be absent.
	 * @param remaining the time left, or {@code null} for a hold without expiry
	 * @return {@link ExpiresIn} or {@link NeverExpires}
	 */
	static Held ofHold(@Nullable Duration remaining) {
		return (remaining != null) ? expiresIn(remaining) : neverExpires();
	}

}
