package dev.distlock;

/**
 * Thrown by a {@link Semaphore}'s acquire when the key's live slots were taken under another limit: two parts of a
 * system disagree about how many holders the key allows. Nothing changed; the key keeps its recorded limit until all
 * its slots are released or expired. Deliberately not "the first creator's limit wins": a silent winner would let a
 * deployment run under a limit nobody configured.
 *
 * @since 0.1.0
 */
public final class SemaphoreLimitMismatchException extends LockException {

	private static final long serialVersionUID = 1L;

	private final int limit;

	private final int recordedLimit;

	/**
	 * Creates the exception.
	 * @param key the semaphore's key as the user gave it
	 * @param limit the limit this semaphore asked for
	 * @param recordedLimit the limit the key's live slots were taken under
	 */
	public SemaphoreLimitMismatchException(String key, int limit, int recordedLimit) {
		super(key, "Semaphore '" + key + "' has limit " + limit + ", but its live slots were taken under limit "
				+ recordedLimit + "; every semaphore of one key must use one limit (a new limit applies once all "
				+ "slots are free)", null);
		this.limit = limit;
		this.recordedLimit = recordedLimit;
	}

	/**
	 * The limit this semaphore asked for.
	 * @return the limit
	 */
	public int getLimit() {
		return this.limit;
	}

	/**
	 * The limit the key's live slots were taken under.
	 * @return the recorded limit
	 */
	public int getRecordedLimit() {
		return this.recordedLimit;
	}

}
