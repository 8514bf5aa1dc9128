package dev.distlock;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The prefix that keeps one provider's keys and events apart from another's, and the delimiter that joins key
 * parts. {@code Namespace.of("lock")} stores the key {@code "orders:42"} as {@code "lock:orders:42"}.
 *
 * @param parts the namespace's parts, joined with {@code delimiter}; at least one, none blank
 * @param delimiter what joins namespace parts, key parts and owner parts; not empty
 */
public record Namespace(List<String> parts, String delimiter) {

	/** The delimiter unless one is chosen: {@value}. */
	public static final String DEFAULT_DELIMITER = ":";

	/** The namespace unless one is chosen: {@code "lock"}. */
	public static final Namespace DEFAULT = Namespace.of("lock");

	/**
	 * Checks and copies the values.
	 * @param parts the namespace's parts
	 * @param delimiter the delimiter
	 * @throws IllegalArgumentException if {@code parts} is empty or has a blank part, or {@code delimiter} is empty
	 */
	public Namespace {
		parts = List.copyOf(validParts("namespace", parts));
		if (delimiter == null || delimiter.isEmpty()) {
			throw new IllegalArgumentException("delimiter must not be null or empty");
		}
	}

	/**
	 * A one-part namespace with the default delimiter.
	 * @param root the namespace, for example {@code "lock"}
	 * @return the namespace
	 * @throws IllegalArgumentException if {@code root} is {@code null} or blank
	 */
	public static Namespace of(String root) {
		return new Namespace(List.of(Arguments.requireText("namespace", root)), DEFAULT_DELIMITER);
	}

	/**
	 * A namespace of several parts with the default delimiter, for example {@code ["billing", "lock"]}.
	 * @param parts the parts
	 * @return the namespace
	 * @throws IllegalArgumentException if {@code parts} is {@code null} or empty, or a part is {@code null} or blank
	 */
	public static Namespace of(Iterable<String> parts) {
		return new Namespace(validParts("namespace", parts), DEFAULT_DELIMITER);
	}

	/**
	 * This namespace with another delimiter.
	 * @param delimiter the delimiter
	 * @return a new namespace
	 * @throws IllegalArgumentException if {@code delimiter} is {@code null} or empty
	 */
	public Namespace withDelimiter(String delimiter) {
		return new Namespace(this.parts, delimiter);
	}

	/**
	 * The namespace as one string, for example {@code "billing:lock"}.
	 * @return the joined parts
	 */
	public String root() {
		return String.join(this.delimiter, this.parts);
	}

	/**
	 * The key as the backend stores it.
	 * @param key a key as the user gave it
	 * @return {@code root() + delimiter + key}
	 */
	public String qualify(String key) {
		return root() + this.delimiter + key;
	}

	/**
	 * Joins key or owner parts with the delimiter, after checking them.
	 * @param argumentName the name errors report
	 * @param parts the parts
	 * @return the joined parts
	 * @throws IllegalArgumentException naming {@code argumentName} if {@code parts} is {@code null} or empty, or a
	 * part is {@code null} or blank
	 */
	String join(String argumentName, Iterable<String> parts) {
		StringJoiner joined = new StringJoiner(this.delimiter);
		validParts(argumentName, parts).forEach(joined::add);
		return joined.toString();
	}

	@Override
	public String toString() {
		return root();
	}

	static List<String> validParts(String argumentName, Iterable<String> parts) {
		if (parts == null) {
			throw new IllegalArgumentException(argumentName + " must not be null");
		}
		List<String> valid = new ArrayList<>();
		for (String part : parts) {
			valid.add(Arguments.requireText(argumentName + "[" + valid.size() + "]", part));
		}
		if (valid.isEmpty()) {
			throw new IllegalArgumentException(argumentName + " must not be empty");
		}
		return valid;
	}

}
