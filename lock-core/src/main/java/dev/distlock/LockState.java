package dev.distlock;

import java.util.Objects;

/**
 * Where a lock stands, seen from its owner, read in one round trip by {@link Lock#getState()}.
 *
 * @since 0.1.0
 */
public sealed interface LockState permits LockState.Expired, LockState.Unavailable, LockState.Acquired {

	/**
	 * Nobody holds the key: it was never acquired, was released, or expired. Anyone may acquire it.
	 */
	record Expired() implements LockState {
	}

	/**
	 * Another owner holds the key.
	 *
	 * @param owner the owner that holds it: the credential of that holder's lock, so pass it on only where it may go
	 * (never to a log, a response or a metric; {@link OwnerFingerprint} is its stand-in there)
	 */
	record Unavailable(String owner) implements LockState {

		/**
		 * Checks the value.
		 * @param owner the owner that holds the key
		 */
		public Unavailable {
			Objects.requireNonNull(owner, "owner");
		}

		/**
		 * The state without the holder's owner, which is its lock's credential: {@code toString} output ends up in
		 * logs. The owner is shown by its {@linkplain OwnerFingerprint fingerprint}.
		 * @return the holder's owner fingerprint
		 */
		@Override
		public String toString() {
			return "Unavailable[ownerFingerprint=" + OwnerFingerprint.of(this.owner) + "]";
		}

	}

	/**
	 * This lock's owner holds the key.
	 *
	 * @param remainingTime how long the lock still lives: {@link RemainingTime.ExpiresIn} or
	 * {@link RemainingTime.NeverExpires}
	 * @param token the fencing token of the owner's hold
	 */
	record Acquired(RemainingTime.Held remainingTime, long token) implements LockState {

		/**
		 * Checks the value.
		 * @param remainingTime how long the lock still lives
		 * @param token the fencing token
		 */
		public Acquired {
			Objects.requireNonNull(remainingTime, "remainingTime");
		}

	}

}
