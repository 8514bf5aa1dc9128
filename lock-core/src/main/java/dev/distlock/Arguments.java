package dev.distlock;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** Argument checks that name the argument, so a caller's mistake is plain from the message alone. */
final class Arguments {

	private Arguments() {
	}

	static <T> T requireNonNull(String name, @Nullable T value) {
		if (value == null) {
			throw new IllegalArgumentException(name + " must not be null");
		}
		return value;
	}

	static String requireText(String name, @Nullable String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be null or blank");
		}
		return value;
	}

	static Duration requirePositive(String name, @Nullable Duration value) {
		if (requireNonNull(name, value).isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, was " + value);
		}
		return value;
	}

	/** The longest TTL a lock may have: every backend can add it to its clock without overflow. */
	static final Duration MAX_TTL = Duration.ofDays(36_500);

	static Duration requireTtl(String name, @Nullable Duration value) {
		if (requirePositive(name, value).compareTo(MAX_TTL) > 0) {
			throw new IllegalArgumentException(name + " must not exceed " + MAX_TTL.toDays()
					+ " days (100 years), was " + value + "; use no expiry for a lock that never expires");
		}
		return value;
	}

	static Duration requireNonNegative(String name, @Nullable Duration value) {
		if (requireNonNull(name, value).isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative, was " + value);
		}
		return value;
	}

}
