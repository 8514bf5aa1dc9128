package dev.distlock.codec;

import java.math.BigInteger;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.distlock.UntrustedText;

/**
 * The fields of one JSON object, as {@link LockJson} reads them: each at most once, each value read once with its
 * type checked, so that a field duplicated, missing, ill-typed or left over is refused with an
 * {@link IllegalArgumentException} that names it. The one place these rules and their messages live, whether the
 * object came from {@link FlatJson} or from a streaming reader (the Jackson module fills one field by field).
 *
 * @since 0.1.0
 */
public final class JsonFields {

	// Far more than any duration up to 100 years needs, so that Duration.parse never sees a megabyte.
	private static final int MAX_DURATION_TEXT = 64;

	private final Map<String, @Nullable Object> values = new LinkedHashMap<>();

	private final Set<String> read = new HashSet<>();

	/** An object without fields, to be filled with {@link #put}. */
	public JsonFields() {
	}

	static JsonFields of(Map<String, @Nullable Object> values) {
		JsonFields fields = new JsonFields();
		fields.values.putAll(values);
		return fields;
	}

	/**
	 * Adds a field as the reader met it.
	 * @param name the field's name
	 * @param value its value: a {@link String}, {@link Boolean}, {@link Number} ({@link Long} for a whole number that
	 * fits, {@link BigInteger} for one that does not), {@code null}, or, for an object or an array, any {@link Map} or
	 * {@link Collection}, whose contents are never read
	 * @throws IllegalArgumentException if the object has a field of that name already
	 */
	public void put(String name, @Nullable Object value) {
		if (this.values.containsKey(name)) {
			throw new IllegalArgumentException(field(name) + " appears twice");
		}
		this.values.put(name, value);
	}

	boolean has(String name) {
		return this.values.containsKey(name);
	}

	@Nullable Object value(String name) {
		if (!this.values.containsKey(name)) {
			throw new IllegalArgumentException(field(name) + " is missing");
		}
		this.read.add(name);
		return this.values.get(name);
	}

	String string(String name) {
		Object value = value(name);
		if (!(value instanceof String text)) {
			throw new IllegalArgumentException(field(name) + " must be a string, not " + describe(value));
		}
		return text;
	}

	/** A string with something to read: not blank, well-formed. */
	String text(String name) {
		String text = string(name);
		if (UntrustedText.isBlank(text)) {
			throw new IllegalArgumentException(field(name) + " must be a non-blank string");
		}
		return wellFormed(name, text);
	}

	@Nullable String nullableText(String name) {
		Object value = value(name);
		if (value == null) {
			return null;
		}
		if (!(value instanceof String text)) {
			throw new IllegalArgumentException(field(name) + " must be a string or null, not " + describe(value));
		}
		return wellFormed(name, text);
	}

	boolean bool(String name) {
		Object value = value(name);
		if (!(value instanceof Boolean bool)) {
			throw new IllegalArgumentException(field(name) + " must be true or false, not " + describe(value));
		}
		return bool;
	}

	/** A whole number, {@code 0} or more: a fencing token where {@code 0} means none. */
	long count(String name) {
		Object value = value(name);
		if (!(value instanceof Long number) || number < 0) {
			throw new IllegalArgumentException(field(name) + " must be a whole number, 0 or more, "
					+ ((value instanceof Long) ? "was " + value : "not " + describe(value)));
		}
		return number;
	}

	/** A positive ISO-8601 duration. */
	Duration duration(String name) {
		return duration(name, value(name), null);
	}

	/**
	 * A positive ISO-8601 duration, or {@code null}.
	 * @param name the field's name
	 * @param ifNull what {@code null} stands for, as the message says it
	 */
	@Nullable Duration nullableDuration(String name, String ifNull) {
		Object value = value(name);
		return (value != null) ? duration(name, value, ifNull) : null;
	}

	private static Duration duration(String name, @Nullable Object value, @Nullable String ifNull) {
		if (!(value instanceof String text)) {
			throw new IllegalArgumentException(field(name) + " must be an ISO-8601 duration string such as \"PT30S\""
					+ ((ifNull != null) ? ", or null for " + ifNull : "") + ", not " + describe(value));
		}
		Duration duration = null;
		if (text.length() <= MAX_DURATION_TEXT) {
			try {
				duration = Duration.parse(text);
			}
			catch (DateTimeParseException ex) {
				// Not a duration: said below.
			}
		}
		if (duration == null) {
			throw new IllegalArgumentException(field(name) + " must be an ISO-8601 duration such as \"PT30S\", was "
					+ UntrustedText.quote(text));
		}
		if (duration.isNegative() || duration.isZero()) {
			throw new IllegalArgumentException(field(name) + " must be positive, was " + UntrustedText.quote(text));
		}
		return duration;
	}

	/**
	 * Refuses the fields nobody read.
	 * @param where what the message adds after the field's name, to say what the object may have
	 */
	void requireNoOthers(String where) {
		for (String name : this.values.keySet()) {
			if (!this.read.contains(name)) {
				throw new IllegalArgumentException("unknown " + field(name) + where);
			}
		}
	}

	static String describe(@Nullable Object value) {
		if (value == null) {
			return "null";
		}
		if (value instanceof String) {
			return "a string";
		}
		if (value instanceof Number) {
			return "a number";
		}
		if (value instanceof Boolean) {
			return "a boolean";
		}
		if (value instanceof Map) {
			return "an object";
		}
		return (value instanceof Collection) ? "an array" : "a value of another kind";
	}

	// Names come from outside too: an unknown one is quoted as any value is.
	private static String field(String name) {
		return "field " + UntrustedText.quote(name);
	}

	private static String wellFormed(String name, String text) {
		if (!UntrustedText.isWellFormed(text)) {
			// No UTF-8 form: it would have arrived as '?' over the wire, so it is nobody's value.
			throw new IllegalArgumentException(field(name) + " must be well-formed Unicode, has a lone surrogate");
		}
		return text;
	}

}
