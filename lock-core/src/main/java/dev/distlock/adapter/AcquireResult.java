package dev.distlock.adapter;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What an adapter's acquire did, decided in the same atomic step as the acquire itself.
 *
 * @since 0.1.0
 */
public sealed interface AcquireResult permits AcquireResult.Acquired, AcquireResult.AlreadyHeld,
		AcquireResult.Unavailable {

	/**
	 * The key was free and now belongs to the owner, under a new fencing token.
	 *
	 * @param token the new fencing token: greater than every token issued for this key before, across processes,
	 * releases and expiries
	 */
	record Acquired(long token) implements AcquireResult {

		/**
		 * Checks the value.
		 * @param token the fencing token, positive
		 */
		public Acquired {
			requireToken(token);
		}

	}

	/**
	 * The owner held the key already; its token and expiry are unchanged, and the hold is now adopted by this call
	 * (no undo of the attempt that created it frees it any more).
	 *
	 * @param token the fencing token of the existing hold
	 * @param remainingTime how long the existing hold still lives, or {@code null} if it never expires
	 */
	record AlreadyHeld(long token, @Nullable Duration remainingTime) implements AcquireResult {

		/**
		 * Checks the value.
		 * @param token the fencing token, positive
		 * @param remainingTime the remaining time, or {@code null}
		 */
		public AlreadyHeld {
			requireToken(token);
		}

	}

	/**
	 * Another owner holds the key; nothing changed.
	 *
	 * @param remainingTime how long the holder's lock still lives, or {@code null} if it never expires or the adapter
	 * cannot tell: a waiter retries no later than this
	 */
	record Unavailable(@Nullable Duration remainingTime) implements AcquireResult {
	}

	private static void requireToken(long token) {
		if (token <= 0) {
			throw new IllegalArgumentException("token must be positive, was " + token);
		}
	}

}
