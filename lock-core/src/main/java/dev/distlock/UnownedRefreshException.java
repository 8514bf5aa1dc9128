package dev.distlock;

/**
 * Thrown by {@code refreshOrFail} when the lock's owner does not hold an expiring lock on the key: it was never
 * acquired, has expired, another owner holds it, or it never expires. Seed: {@code UnownedRefreshLockError}.
 *
 * @since 0.1.0
 */
public class UnownedRefreshException extends LockException {

	private final String owner;

	/**
	 * Creates the exception.
	 * @param key the lock's key
	 * @param owner the owner that tried to refresh
	 */
	public UnownedRefreshException(String key, String owner) {
		// Never the owner in the message: it is the lock's credential, and messages end up in logs.
		super(key, "This lock's owner cannot refresh lock '" + key
				+ "': it does not hold it, or the lock never expires", null);
		this.owner = owner;
	}

	/**
	 * The owner that tried to refresh. It is the lock's credential, kept out of the message for that reason: log or
	 * show its {@linkplain OwnerFingerprint fingerprint} instead.
	 * @return the owner
	 */
	public String getOwner() {
		return this.owner;
	}

}
