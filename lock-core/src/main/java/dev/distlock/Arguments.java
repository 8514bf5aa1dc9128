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
	static final int QUOTED_PREFIX = 32;

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

	/**
	 * Whether every character is blank: whitespace of any kind ({@link Character#isWhitespace},
	 * {@link Character#isSpaceChar}, which adds the no-break spaces U+00A0, U+2007 and U+202F) or one of the
	 * invisible U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER and U+FEFF ZERO WIDTH NO-BREAK SPACE. Such a key looks
	 * empty in every log and tool.
	 * @param value the value
	 * @return {@code true} if the value is empty or has blank characters only
	 */
	static boolean isBlank(String value) {
		for (int i = 0; i < value.length(); i++) {
			if (!isBlank(value.charAt(i))) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether one character is blank, as {@link #isBlank(String)} counts it. Every blank character is in the Basic
	 * Multilingual Plane, so a {@code char} suffices.
	 * @param c the character
	 * @return {@code true} if it is blank
	 */
	static boolean isBlank(char c) {
		return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200B' || c == '\u2060'
				|| c == '\uFEFF';
	}

	/**
	 * Checks that a string is well-formed UTF-16: every surrogate is one of a pair. A lone surrogate cannot be
	 * encoded (UTF-8 turns it into {@code ?}), so two keys that differ only there would be one key on a backend.
	 * @param name the argument's name
	 * @param value the value
	 * @param quotable whether the message may show the surrogate
	 */
	static void requireWellFormed(String name, String value, boolean quotable) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				throw new IllegalArgumentException(name + " must be well-formed Unicode, but has a lone surrogate"
						+ (quotable ? String.format(" U+%04X", (int) c) : "") + " at index " + i);
			}
		}
	}

	/**
	 * A value as an error message may show it: in single quotes, at most {@value #QUOTED_PREFIX} characters of it
	 * followed by {@code …} if there are more, with control, format (invisible) and lone surrogate characters
	 * written as {@code \}{@code uXXXX}, so that a message stays one readable line. Never for an owner.
	 * @param value the value
	 * @return the quoted prefix
	 */
	static String quote(String value) {
		int end = Math.min(value.length(), QUOTED_PREFIX);
		if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))
				&& Character.isLowSurrogate(value.charAt(end))) {
			// Never half a pair: that would be a lone surrogate in the message itself.
			end--;
		}
		StringBuilder quoted = new StringBuilder(end + 8).append('\'');
		for (int i = 0; i < end; i++) {
			char c = value.charAt(i);
			boolean paired = (Character.isHighSurrogate(c) && i + 1 < end
					&& Character.isLowSurrogate(value.charAt(i + 1)))
					|| (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1)));
			int type = Character.getType(c);
			if (Character.isISOControl(c) || type == Character.FORMAT || (Character.isSurrogate(c) && !paired)) {
				quoted.append(String.format("\\u%04X", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		quoted.append('\'');
		return (end < value.length()) ? quoted.append('…').toString() : quoted.toString();
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
