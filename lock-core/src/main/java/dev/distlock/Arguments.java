package dev.distlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Argument checks that name the argument, so a caller's mistake is plain from the message alone. A message quotes at
 * most a short prefix of a bad value, and never any part of an owner: messages end up in logs and HTTP responses, a
 * value may be megabytes long, and an owner is a lock's credential.
 */
final class Arguments {

	/** How many characters of a bad value a message quotes at most. */
	static final int QUOTED_PREFIX = UntrustedText.QUOTED_PREFIX;

	private Arguments() {
	}

	static <T> T requireNonNull(String name, @Nullable T value) {
		if (value == null) {
			throw new IllegalArgumentException(name + " must not be null");
		}
		return value;
	}

	/**
	 * Checks a string that needs no limit: not {@code null}, not blank, well-formed.
	 * @param name the argument's name
	 * @param value the value
	 * @return the value
	 */
	static String requireText(String name, @Nullable String value) {
		return requireText(name, value, Integer.MAX_VALUE, true);
	}

	static String requireKey(String name, @Nullable String value) {
		return requireText(name, value, LockProvider.MAX_KEY_LENGTH, true);
	}

	static String requireOwner(String name, @Nullable String value) {
		return requireText(name, value, LockProvider.MAX_OWNER_LENGTH, false);
	}

	/**
	 * Checks a string: not {@code null}, at most {@code maxLength} characters, not blank, well-formed. The length
	 * comes first, so that an oversized value costs no scan.
	 * @param name the argument's name
	 * @param value the value
	 * @param maxLength the most characters ({@link String#length()}) it may have
	 * @param quotable whether a message may quote a prefix of it; never for an owner
	 * @return the value
	 */
	static String requireText(String name, @Nullable String value, int maxLength, boolean quotable) {
		if (value == null) {
			throw new IllegalArgumentException(name + " must not be null or blank");
		}
		if (value.length() > maxLength) {
			throw new IllegalArgumentException(name + " must be at most " + maxLength + " characters, was "
					+ value.length() + (quotable ? ": " + quote(value) : ""));
		}
		if (isBlank(value)) {
			throw new IllegalArgumentException(name + " must not be null or blank");
		}
		requireWellFormed(name, value, quotable);
		return value;
	}

	/**
	 * Checks parts (of a key, an owner or a namespace) one by one, and their length once joined with a delimiter of
	 * one character.
	 * @param name the argument's name; a part's errors name it {@code name[index]}
	 * @param parts the parts
	 * @param maxJoinedLength the most characters the joined parts may have
	 * @param quotable whether a message may quote a prefix of a part
	 * @return the parts, copied
	 */
	static List<String> requireParts(String name, @Nullable Iterable<String> parts, int maxJoinedLength,
			boolean quotable) {
		if (parts == null) {
			throw new IllegalArgumentException(name + " must not be null");
		}
		List<String> valid = new ArrayList<>();
		long joinedLength = -1;
		for (String part : parts) {
			valid.add(requireText(name + "[" + valid.size() + "]", part, maxJoinedLength, quotable));
			joinedLength += part.length() + 1;
			// Checked as the parts come: an endless or huge iterable must fail early, not exhaust the heap.
			if (joinedLength > maxJoinedLength) {
				throw new IllegalArgumentException(
						name + " must be at most " + maxJoinedLength + " characters when joined, was more");
			}
		}
		if (valid.isEmpty()) {
			throw new IllegalArgumentException(name + " must not be empty");
		}
		return valid;
	}

	// The rules live in UntrustedText, for every module.
	static boolean isBlank(String value) {
		return UntrustedText.isBlank(value);
	}

	static boolean isBlank(char c) {
		return UntrustedText.isBlank(c);
	}

	/**
	 * Checks that a string is well-formed UTF-16 ({@link UntrustedText#firstLoneSurrogate}).
	 * @param name the argument's name
	 * @param value the value
	 * @param quotable whether the message may show the surrogate
	 */
	static void requireWellFormed(String name, String value, boolean quotable) {
		int i = UntrustedText.firstLoneSurrogate(value);
		if (i >= 0) {
			throw new IllegalArgumentException(name + " must be well-formed Unicode, but has a lone surrogate"
					+ (quotable ? String.format(" U+%04X", (int) value.charAt(i)) : "") + " at index " + i);
		}
	}

	static String quote(String value) {
		return UntrustedText.quote(value);
	}

	static Duration requirePositive(String name, @Nullable Duration value) {
		Duration duration = requireNonNull(name, value);
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(name + " must be positive, was " + duration);
		}
		return duration;
	}

	/** The longest TTL a lock may have: every backend can add it to its clock without overflow. */
	static final Duration MAX_TTL = Duration.ofDays(36_500);

	static Duration requireTtl(String name, @Nullable Duration value) {
		Duration ttl = requirePositive(name, value);
		if (ttl.compareTo(MAX_TTL) > 0) {
			throw new IllegalArgumentException(name + " must not exceed " + MAX_TTL.toDays()
					+ " days (100 years), was " + ttl + "; use no expiry for a lock that never expires");
		}
		return ttl;
	}

	static Duration requireNonNegative(String name, @Nullable Duration value) {
		Duration duration = requireNonNull(name, value);
		if (duration.isNegative()) {
			throw new IllegalArgumentException(name + " must not be negative, was " + duration);
		}
		return duration;
	}

}
