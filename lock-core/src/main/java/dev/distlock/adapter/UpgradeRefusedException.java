package dev.distlock.adapter;

/**
 * Thrown by {@link ReadWriteLockAdapter#acquire} for a write by an owner that holds a read of the key: an upgrade,
 * which would wait for itself. Nothing changed, and no intent to write was recorded. The provider turns it into a
 * {@link dev.distlock.LockUpgradeException}.
 *
 * @since 0.1.0
 */
public final class UpgradeRefusedException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	/** Creates the exception. */
	public UpgradeRefusedException() {
		super("The owner holds a read of the key and cannot upgrade it to a write", null, false, false);
	}

}
