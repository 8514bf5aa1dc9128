package dev.distlock.adapter;

import java.util.List;

/**
 * Who holds a semaphore's slots, as an adapter reports it.
 *
 * @param limit the limit the key's live slots were taken under, or {@code 0} when no slot is held
 * @param holders the live slots, in no particular order
 * @since 0.1.0
 */
public record SemaphoreHolders(int limit, List<LockHolder> holders) {

	/**
	 * Checks the values.
	 * @param limit the recorded limit, {@code 0} when no slot is held
	 * @param holders the live slots
	 */
	public SemaphoreHolders {
		if (limit < 0) {
			throw new IllegalArgumentException("limit must not be negative, was " + limit);
		}
		holders = List.copyOf(holders);
		if (holders.isEmpty() != (limit == 0)) {
			throw new IllegalArgumentException("limit must be 0 exactly when no slot is held, was " + limit + " with "
					+ holders.size() + " slot(s)");
		}
	}

	/**
	 * Reports a key without live slots.
	 * @return the empty report
	 */
	public static SemaphoreHolders none() {
		return new SemaphoreHolders(0, List.of());
	}

}
