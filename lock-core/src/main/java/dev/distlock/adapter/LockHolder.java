package dev.distlock.adapter;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * Who holds a key, as an adapter reports it.
 *
 * @param owner the owner token of the live lock
 * @param token the fencing token of the live lock
 * @param remainingTime how long the lock still lives, or {@code null} if it never expires
 * @since 0.1.0
 */
public record LockHolder(String owner, long token, @Nullable Duration remainingTime) {

	/**
	 * Checks the values.
	 * @param owner the owner token of the live lock
	 * @param token the fencing token of the live lock
	 * @param remainingTime how long the lock still lives, or {@code null} if it never expires
	 */
	public LockHolder {
		Objects.requireNonNull(owner, "owner");
	}

	/**
	 * The holder without its owner, which is the lock's credential: {@code toString} output ends up in logs.
	 * @return the token and remaining time
	 */
	@Override
	public String toString() {
		return "LockHolder[token=" + this.token + ", remainingTime=" + this.remainingTime + "]";
	}

}
