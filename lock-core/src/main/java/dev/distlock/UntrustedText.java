package dev.distlock;

/**
 * The rules for text that came from outside (a caller, a payload, a channel): what counts as blank, what is
 * well-formed, and how a value is quoted back in a message, the one place these rules live for every module. A
 * message quotes a value only as a short prefix with control and invisible characters escaped, so that a huge or
 * hostile value neither floods a log nor forges lines in it. Never quote an owner: it is a lock's credential.
 *
 * @since 0.1.0
 */
public final class UntrustedText {

	/** The most characters of a value a message quotes: enough to recognise it, too few to flood a log. */
	public static final int QUOTED_PREFIX = 32;

	private UntrustedText() {
	}

	/**
	 * A value as an error message may show it: in single quotes, at most {@value #QUOTED_PREFIX} characters of it
	 * followed by {@code …} if there are more, with control, format (invisible) and lone surrogate characters
	 * written as {@code \}{@code uXXXX}, so that a message stays one readable line.
	 * @param value the value, never an owner
	 * @return the quoted prefix
	 */
	public static String quote(String value) {
		String shown = cut(value, QUOTED_PREFIX);
		StringBuilder quoted = new StringBuilder(shown.length() + 8).append('\'');
		for (int i = 0; i < shown.length(); i++) {
			char c = shown.charAt(i);
			boolean paired = (Character.isHighSurrogate(c) && i + 1 < shown.length()
					&& Character.isLowSurrogate(shown.charAt(i + 1)))
					|| (Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(shown.charAt(i - 1)));
			if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
					|| (Character.isSurrogate(c) && !paired)) {
				quoted.append(String.format("\\u%04X", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		quoted.append('\'');
		return (shown.length() < value.length()) ? quoted.append('…').toString() : quoted.toString();
	}

	/**
	 * Whether every character is blank: whitespace of any kind ({@link Character#isWhitespace},
	 * {@link Character#isSpaceChar}, which adds the no-break spaces U+00A0, U+2007 and U+202F) or one of the
	 * invisible U+200B ZERO WIDTH SPACE, U+2060 WORD JOINER and U+FEFF ZERO WIDTH NO-BREAK SPACE. Such a key looks
	 * empty in every log and tool.
	 * @param value the value
	 * @return {@code true} if the value is empty or has blank characters only
	 */
	public static boolean isBlank(String value) {
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
	public static boolean isBlank(char c) {
		return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u200B' || c == '\u2060'
				|| c == '\uFEFF';
	}

	/**
	 * Where a string stops being well-formed UTF-16: the index of its first lone surrogate. A lone surrogate cannot be
	 * encoded (UTF-8 turns it into {@code ?}), so two keys that differ only there would be one key on a backend.
	 * @param value the value
	 * @return the index of the first lone surrogate, or {@code -1} if every surrogate is one of a pair
	 */
	public static int firstLoneSurrogate(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return i;
			}
		}
		return -1;
	}

	/**
	 * Whether a string is well-formed UTF-16: every surrogate is one of a pair.
	 * @param value the value
	 * @return {@code true} if it has no lone surrogate
	 */
	public static boolean isWellFormed(String value) {
		return firstLoneSurrogate(value) < 0;
	}

	/**
	 * Cuts a text to at most {@code length} characters, never between the two halves of a surrogate pair.
	 * @param text the text
	 * @param length the most characters to keep, not negative
	 * @return {@code text} if it is short enough, else its prefix
	 */
	public static String cut(String text, int length) {
		if (text.length() <= length) {
			return text;
		}
		int end = length;
		if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1)) && Character.isLowSurrogate(text.charAt(end))) {
			end--;
		}
		return text.substring(0, end);
	}

}
