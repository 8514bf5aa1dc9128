package dev.distlock;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * Where a lock stands, seen from its owner, read in one round trip by {@link Lock#getState()}.
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
	 * @param remainingTime how long the lock still lives, or {@code null} if it never expires
	 * @param token the fencing token of the owner's hold
	 */
	record Acquired(@Nullable Duration remainingTime, long token) implements LockState {

		/**
		 * How long the lock still lives.
		 * @return the remaining time, empty if the lock never expires
		 */
		public Optional<Duration> remaining() {
			return Optional.ofNullable(this.remainingTime);
		}

	}

}
