package dev.distlock.event;

import dev.distlock.Lock;

/**
 * Fired when a lock that its holder believed held turned out not to be: it expired, was force released, or another
 * holder took it over, so mutual exclusion may have been broken while the holder worked. The holder learns of it
 * from {@link Lock#isLost()} and, at the end of {@code run*}, a {@link dev.distlock.LockLostException}.
 *
 * <p>Fired once per loss, by the instance whose lock was lost.
 *
 * @param lock the lock
 * @param origin the {@linkplain dev.distlock.DefaultLockProvider#getInstanceId() instance} whose provider fired it
 * @param token the fencing token the lost hold had
 * @param detection how the loss was found
 * @since 0.1.0
 */
public record LockLostEvent(Lock lock, String origin, long token, Detection detection) implements LockEvent {

	/**
	 * The event without the lock's owner, which is the lock's credential: {@code toString} output ends up in
	 * logs. The owner is shown by its {@linkplain Lock#getOwnerFingerprint() fingerprint}.
	 * @return the event's type, the lock's key and owner fingerprint, the origin and the event's values
	 */
	@Override
	public String toString() {
		return EventText.of(this, ", token=" + this.token + ", detection=" + this.detection);
	}

	/** How a loss was found. */
	public enum Detection {

		/** A release found the key free or held by another holder. */
		RELEASE("a release"),

		/** A refresh found the key free or held by another holder. */
		REFRESH("a refresh"),

		/** A background renewal found the key free or held by another holder. */
		RENEWAL("a renewal"),

		/** Background renewals failed on the backend until the lock's TTL had run out. */
		RENEWAL_FAILED("renewals failing until the TTL ran out");

		private final String description;

		Detection(String description) {
			this.description = description;
		}

		/**
		 * Says in a few words how the loss was found, for messages.
		 * @return the description
		 */
		public String description() {
			return this.description;
		}

	}

}
