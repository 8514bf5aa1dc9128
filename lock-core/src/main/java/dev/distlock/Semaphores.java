package dev.distlock;

/** The checks semaphore values share. */
final class Semaphores {

	/** The largest limit: one that no backend's counters come near. */
	static final int MAX_LIMIT = 1_000_000;

	private Semaphores() {
	}

	static int requireLimit(int limit) {
		if (limit < 1 || limit > MAX_LIMIT) {
			throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
		}
		return limit;
	}

}
