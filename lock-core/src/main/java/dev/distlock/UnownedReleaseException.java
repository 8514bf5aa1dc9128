package dev.distlock;

/**
 * Thrown by {@code releaseOrFail} when the lock's owner does not hold the key: it was never acquired, has expired,
 * or another owner holds it now. Seed: {@code UnownedReleaseLockError}.
 *
 * @since 0.1.0
 */
public class UnownedReleaseException extends LockException {

	private final String owner;

	/**
	 * Creates the exception.
	 * @param key the lock's key
	 * @param owner the owner that tried to release
	 */
	public UnownedReleaseException(String key, String owner) {
		// Never the owner in the message: it is the lock's credential, and messages end up in logs.
		super(key, "This lock's owner cannot release lock '" + key + "': it does not hold it", null);
		this.owner = owner;
	}

	/**
	 * The owner that tried to release. It is the lock's credential, kept out of the message for that reason: log or
	 * show its {@linkplain OwnerFingerprint fingerprint} instead.
	 * @return the owner
	 */
	public String getOwner() {
		return this.owner;
	}

}
