package dev.distlock.redis;

/**
 * Checks and quoting for text that came from the channel, where any client of the Redis server may publish: a value
 * is quoted back in a message (which ends up in a log) only as a short prefix with control characters escaped, so
 * that a huge or hostile value neither floods the log nor forges lines in it. The same rules as the API's own
 * checks and messages, which are not public.
 */
final class Untrusted {

	/** The most characters of a value a message quotes: enough to recognise it, too few to flood a log. */
	static final int QUOTED_PREFIX = 32;

	private Untrusted() {
	}

	/**
	 * Quotes a value for a message, as the API's own messages do.
	 * @param value the value
	 * @return the value's first {@value #QUOTED_PREFIX} characters in single quotes, followed by "…" if there were
	 * more; control, format (invisible) and lone surrogate characters as {@code \}{@code uXXXX}
	 */
	static String quote(String value) {
		int end = Math.min(value.length(), QUOTED_PREFIX);
		if (end < value.length() && end > 0 && Character.isHighSurrogate(value.charAt(end - 1))
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
			if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
					|| (Character.isSurrogate(c) && !paired)) {
				quoted.append(String.format("\\u%04X", (int) c));
			}
			else {
				quoted.append(c);
			}
		}
		quoted.append('\'');
		return (end < value.length()) ? quoted.append('…').toString() : quoted.toString();
	}

	/**
	 * Tells whether a text is well-formed UTF-16: every surrogate is half of a pair. A lone surrogate has no UTF-8
	 * form; Redis would store it as {@code ?}, so that distinct keys would meet.
	 * @param text the text
	 * @return {@code true} if it has no lone surrogate
	 */
	static boolean isWellFormed(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Tells whether a text is blank as the API counts it: nothing but whitespace of any kind, including no-break
	 * spaces and the invisible zero-width space, word joiner and byte order mark.
	 * @param text the text
	 * @return {@code true} if empty or all such characters
	 */
	static boolean isBlank(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (!Character.isWhitespace(c) && !Character.isSpaceChar(c) && c != '\u200B' && c != '\u2060'
					&& c != '\uFEFF') {
				return false;
			}
		}
		return true;
	}

	/**
	 * Cuts a text to at most {@code length} characters without splitting a surrogate pair.
	 * @param text the text
	 * @param length the most characters to keep
	 * @return {@code text} if it is short enough, else its prefix
	 */
	static String cut(String text, int length) {
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
