package dev.distlock.codec;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.distlock.UntrustedText;

/**
 * JSON for one flat object whose values are strings, booleans, whole numbers or {@code null}: all the handle and
 * event forms need, written and read here so that lock-core and the modules built on it depend on no JSON library.
 * {@link LockJson} gives those values their meaning.
 *
 * <p>The reader is strict, since the text comes from outside (any client of a Redis server can publish on a
 * channel): nested values, fractions, numbers beyond 64 bits, duplicate names, trailing content and anything else
 * outside that subset are rejected with an {@link IllegalArgumentException} saying where, never quoting more than a
 * short prefix of a value.
 *
 * @since 0.1.0
 */
public final class FlatJson {

	private final String text;

	private int position;

	private FlatJson(String text) {
		this.text = text;
	}

	/**
	 * Writes an object.
	 * @param values the names and values, in order; each value a {@link String}, {@link Boolean}, {@link Long},
	 * {@link Integer} or {@code null}
	 * @return the JSON text
	 * @throws IllegalArgumentException if a value is of another type
	 */
	public static String write(Map<String, ? extends @Nullable Object> values) {
		StringBuilder json = new StringBuilder(256).append('{');
		values.forEach((name, value) -> {
			if (json.length() > 1) {
				json.append(',');
			}
			writeString(json, name);
			json.append(':');
			if (value == null) {
				json.append("null");
			}
			else if (value instanceof String string) {
				writeString(json, string);
			}
			else if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
				json.append(value);
			}
			else {
				throw new IllegalArgumentException("value of '" + name + "' is a " + value.getClass().getName()
						+ ", not a string, boolean, whole number or null");
			}
		});
		return json.append('}').toString();
	}

	/**
	 * Reads an object.
	 * @param text the JSON text
	 * @return the names and values, in order: {@link String}, {@link Boolean}, {@link Long} or {@code null}
	 * @throws IllegalArgumentException if the text is not one flat object of such values
	 */
	public static Map<String, @Nullable Object> read(String text) {
		return new FlatJson(text).object();
	}

	private Map<String, @Nullable Object> object() {
		Map<String, @Nullable Object> values = new LinkedHashMap<>();
		skipWhitespace();
		expect('{');
		skipWhitespace();
		if (peek() == '}') {
			this.position++;
		}
		else {
			while (true) {
				skipWhitespace();
				String name = string();
				if (values.containsKey(name)) {
					throw error("duplicate name " + UntrustedText.quote(name));
				}
				skipWhitespace();
				expect(':');
				skipWhitespace();
				values.put(name, value());
				skipWhitespace();
				char next = next();
				if (next == '}') {
					break;
				}
				if (next != ',') {
					throw error("expected ',' or '}'", this.position - 1);
				}
			}
		}
		skipWhitespace();
		if (this.position != this.text.length()) {
			throw error("unexpected content after the object");
		}
		return values;
	}

	private @Nullable Object value() {
		char first = peek();
		if (first == '"') {
			return string();
		}
		if (first == '-' || (first >= '0' && first <= '9')) {
			return number();
		}
		if (this.text.startsWith("true", this.position)) {
			this.position += 4;
			return Boolean.TRUE;
		}
		if (this.text.startsWith("false", this.position)) {
			this.position += 5;
			return Boolean.FALSE;
		}
		if (this.text.startsWith("null", this.position)) {
			this.position += 4;
			return null;
		}
		throw error("expected a string, a whole number, true, false or null");
	}

	private Long number() {
		int start = this.position;
		if (peek() == '-') {
			this.position++;
		}
		int digits = this.position;
		while (this.position < this.text.length() && this.text.charAt(this.position) >= '0'
				&& this.text.charAt(this.position) <= '9') {
			this.position++;
		}
		int count = this.position - digits;
		if (count == 0 || count > 19 || (count > 1 && this.text.charAt(digits) == '0')) {
			throw error("expected a whole number of at most 19 digits without leading zeros", start);
		}
		try {
			return Long.valueOf(this.text.substring(start, this.position));
		}
		catch (NumberFormatException ex) {
			// 19 digits, so that every long fits (fencing tokens may be any positive long), but not every 19 digits.
			throw error("whole number out of the range of a 64-bit integer", start);
		}
	}

	private String string() {
		expect('"');
		StringBuilder value = new StringBuilder();
		while (true) {
			char next = next();
			if (next == '"') {
				return value.toString();
			}
			if (next < 0x20) {
				throw error("unescaped control character in a string", this.position - 1);
			}
			if (next != '\\') {
				value.append(next);
				continue;
			}
			char escaped = next();
			switch (escaped) {
				case '"', '\\', '/' -> value.append(escaped);
				case 'b' -> value.append('\b');
				case 'f' -> value.append('\f');
				case 'n' -> value.append('\n');
				case 'r' -> value.append('\r');
				case 't' -> value.append('\t');
				case 'u' -> value.append(unicodeEscape());
				default -> throw error("invalid escape " + UntrustedText.quote("\\" + escaped), this.position - 1);
			}
		}
	}

	private char unicodeEscape() {
		if (this.position + 4 > this.text.length()) {
			throw error("incomplete \\u escape");
		}
		int code = 0;
		for (int i = 0; i < 4; i++) {
			int digit = Character.digit(this.text.charAt(this.position + i), 16);
			if (digit < 0) {
				throw error("invalid \\u escape");
			}
			code = code * 16 + digit;
		}
		this.position += 4;
		return (char) code;
	}

	private void skipWhitespace() {
		while (this.position < this.text.length()) {
			char c = this.text.charAt(this.position);
			if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
				return;
			}
			this.position++;
		}
	}

	private void expect(char expected) {
		if (next() != expected) {
			throw error("expected '" + expected + "'", this.position - 1);
		}
	}

	private char peek() {
		if (this.position >= this.text.length()) {
			throw error("unexpected end");
		}
		return this.text.charAt(this.position);
	}

	private char next() {
		char next = peek();
		this.position++;
		return next;
	}

	private IllegalArgumentException error(String problem) {
		return error(problem, this.position);
	}

	private IllegalArgumentException error(String problem, int at) {
		return new IllegalArgumentException("not a flat JSON object: " + problem + " at offset " + at);
	}

	private static void writeString(StringBuilder json, String value) {
		json.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> json.append("\\\"");
				case '\\' -> json.append("\\\\");
				case '\n' -> json.append("\\n");
				case '\r' -> json.append("\\r");
				case '\t' -> json.append("\\t");
				default -> {
					if (c < 0x20) {
						json.append(String.format("\\u%04x", (int) c));
					}
					else {
						json.append(c);
					}
				}
			}
		}
		json.append('"');
	}

}
