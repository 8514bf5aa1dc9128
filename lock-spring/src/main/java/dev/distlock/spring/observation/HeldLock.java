package dev.distlock.spring.observation;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import dev.distlock.OwnerFingerprint;

/**
 * A lock this instance holds, as {@link HeldLocks} saw it acquired.
 *
 * <p>The owner is the lock's credential: show {@link #ownerFingerprint()} instead, as {@link #toString()} does.
 *
 * @param key the key, without the namespace
 * @param owner the owner that holds it
 * @param name the lock's {@linkplain dev.distlock.Lock#getName() name}, or {@code null}
 * @param acquiredAt when it was acquired, by this instance's clock
 * @param expiresAt when it expires, estimated by this instance's clock from the TTL (or from the backend's remaining
 * time, once {@link HeldLocks} checked it there); {@code null} if it never expires
 * @since 0.1.0
 */
public record HeldLock(String key, String owner, @Nullable String name, Instant acquiredAt,
		@Nullable Instant expiresAt) {

	/**
	 * How long the lock still lives, estimated.
	 * @param now the present
	 * @return the remaining time, never negative; empty if the lock never expires
	 */
	public Optional<Duration> remainingTime(Instant now) {
		if (this.expiresAt == null) {
			return Optional.empty();
		}
		Duration remaining = Duration.between(now, this.expiresAt);
		return Optional.of(remaining.isNegative() ? Duration.ZERO : remaining);
	}

	/**
	 * The owner's {@link OwnerFingerprint}: tells holders apart without being able to release anything.
	 * @return 16 hex digits
	 */
	public String ownerFingerprint() {
		return OwnerFingerprint.of(this.owner);
	}

	/**
	 * The lock with its owner's fingerprint instead of the owner: {@code toString} output ends up in logs.
	 * @return the key, owner fingerprint, name, acquire time and expiry
	 */
	@Override
	public String toString() {
		return "HeldLock[key=" + this.key + ", ownerFingerprint=" + ownerFingerprint() + ", name=" + this.name
				+ ", acquiredAt=" + this.acquiredAt + ", expiresAt=" + this.expiresAt + "]";
	}

	boolean isExpired(Instant now) {
		return this.expiresAt != null && !now.isBefore(this.expiresAt);
	}

	HeldLock expiringAt(@Nullable Instant newExpiresAt) {
		return new HeldLock(this.key, this.owner, this.name, this.acquiredAt, newExpiresAt);
	}

}
