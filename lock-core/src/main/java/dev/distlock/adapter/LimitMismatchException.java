package dev.distlock.adapter;

/**
 * Thrown by {@link SemaphoreAdapter#acquire} when the key's live slots were taken under another limit than the one
 * asked for; nothing changed. The provider turns it into a {@link dev.distlock.SemaphoreLimitMismatchException}.
 *
 * @since 0.1.0
 */
public final class LimitMismatchException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final int recordedLimit;

	/**
	 * Creates the exception.
	 * @param recordedLimit the limit the key's live slots were taken under
	 */
	public LimitMismatchException(int recordedLimit) {
		super("The key's live slots were taken under limit " + recordedLimit, null, false, false);
		this.recordedLimit = recordedLimit;
	}

	/**
	 * The limit the key's live slots were taken under.
	 * @return the recorded limit
	 */
	public int getRecordedLimit() {
		return this.recordedLimit;
	}

}
