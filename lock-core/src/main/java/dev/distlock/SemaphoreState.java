package dev.distlock;

import java.util.Objects;

/**
 * Where a semaphore stands, seen from its owner, read in one round trip by {@link Semaphore#getState()}.
 *
 * @param limit how many slots the key has: the limit its live slots were taken under, or this semaphore's when none
 * is held
 * @param held how many slots are held, by any owner
 * @param ownSlot this owner's slot: {@link RemainingTime.NotHeld} if it holds none
 * @since 0.1.0
 */
public record SemaphoreState(int limit, int held, RemainingTime ownSlot) {

	/**
	 * Checks the values.
	 * @param limit at least 1
	 * @param held not negative
	 * @param ownSlot this owner's slot
	 */
	public SemaphoreState {
		Semaphores.requireLimit(limit);
		if (held < 0) {
			throw new IllegalArgumentException("held must not be negative, was " + held);
		}
		Objects.requireNonNull(ownSlot, "ownSlot");
	}

	/**
	 * How many slots are free: what another owner could still take now.
	 * @return {@code limit - held}, never below 0
	 */
	public int freeSlots() {
		return Math.max(0, this.limit - this.held);
	}

}
