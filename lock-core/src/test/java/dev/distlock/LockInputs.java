package dev.distlock;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

/**
 * Generators of the strings locks are made of: well-formed, not blank, from every plane, with the characters that
 * matter most (delimiters, the marker's, blanks among others) more often than chance would pick them.
 */
final class LockInputs {

	/** Every character {@link Arguments#isBlank(char)} counts as blank, and a few more of each kind. */
	static final String BLANKS = " \t\n\u000B\f\r\u001C\u001D\u001E\u001F\u00A0\u1680\u2000\u2001\u2002\u2003"
			+ "\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\u200B\u2060\uFEFF";

	private LockInputs() {
	}

	/** Code points of well-formed text: no surrogates. */
	static Arbitrary<Integer> codePoints() {
		return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(0x21, 0x7E)),
				Tuple.of(2, Arbitraries.of((int) ':', (int) '/', (int) '_', (int) 'r', (int) 't', (int) '{')),
				Tuple.of(2, Arbitraries.integers().between(0, 0xD7FF)),
				Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
				Tuple.of(2, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)),
				Tuple.of(1, Arbitraries.of(BLANKS.chars().boxed().toList())));
	}

	/** Well-formed, non-blank text of {@code min} to {@code max} code points. */
	static Arbitrary<String> texts(int min, int max) {
		return codePoints().list().ofMinSize(min).ofMaxSize(max).map(LockInputs::string)
			.filter((text) -> !Arguments.isBlank(text));
	}

	/** Blank text of one to eight characters. */
	static Arbitrary<String> blanks() {
		return Arbitraries.strings().withChars(BLANKS).ofMinLength(0).ofMaxLength(8);
	}

	/** Every delimiter the rules allow, the usual ones most often. */
	static Arbitrary<String> delimiters() {
		Arbitrary<String> any = Arbitraries.chars().range('\u0021', '\uFFFF').map(String::valueOf)
			.filter(LockInputs::isDelimiter);
		return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.of(":", "/", ".", "-", "|", "#")), Tuple.of(2, any));
	}

	/** Inserts a lone surrogate into well-formed text, never between the halves of a pair. */
	static String withLoneSurrogate(String text, int at, char surrogate) {
		int index = Math.min(at, text.length());
		if (index > 0 && index < text.length() && Character.isLowSurrogate(text.charAt(index))) {
			index--;
		}
		// Before a high surrogate or a character that is none, after a low one or a character that is none: alone.
		return text.substring(0, index) + surrogate + text.substring(index);
	}

	static boolean isWellFormed(String text) {
		try {
			Arguments.requireWellFormed("text", text, false);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	static boolean isDelimiter(String delimiter) {
		try {
			new Namespace(List.of("a"), delimiter);
			return true;
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static String string(List<Integer> codePoints) {
		StringBuilder text = new StringBuilder();
		codePoints.forEach(text::appendCodePoint);
		return text.toString();
	}

}
