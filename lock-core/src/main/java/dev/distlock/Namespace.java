package dev.distlock;

import java.util.List;

/**
 * The prefix that keeps one provider's keys and events apart from another's, and the delimiter that joins key
 * parts. {@code Namespace.of("lock")} stores the key {@code "orders:42"} as {@code "lock:_rt:orders:42"}: the
 * namespace's root, the delimiter, the {@linkplain #ROOT_MARKER root marker}, the delimiter, and the key.
 *
 * <p>Qualified keys are injective: no two distinct pairs of namespace and key ever give the same qualified key, in
 * whatever namespaces, with whatever delimiters, so one namespace can never touch another's locks. That holds because
 * the delimiter is one character that cannot be part of the marker (not a letter, digit or {@code _}), and no
 * namespace part contains the delimiter or the marker: the first {@code _rt} of a qualified key is then always the
 * marker, the character before it the delimiter, what precedes it the root (split at the delimiter into the parts),
 * and what follows the marker and the delimiter the key. Keys themselves may contain anything, marker and delimiter
 * included.
 *
 * @param parts the namespace's parts, joined with {@code delimiter}; at least one, none blank, none containing the
 * delimiter or {@link #ROOT_MARKER}, at most {@link #MAX_ROOT_LENGTH} characters when joined
 * @param delimiter what joins namespace parts, key parts and owner parts: exactly one character, not a letter,
 * digit, {@code _}, whitespace, control, format (invisible) or surrogate character
 * @since 0.1.0
 */
public record Namespace(List<String> parts, String delimiter) {

	/** The delimiter unless one is chosen: {@value}. */
	public static final String DEFAULT_DELIMITER = ":";

	/**
	 * What separates the namespace from the key in every qualified key: {@value}. Namespace parts must not contain
	 * it; keys may.
	 */
	public static final String ROOT_MARKER = "_rt";

	/** The most characters ({@link String#length()}) a namespace's {@link #root()} may have: {@value}. */
	public static final int MAX_ROOT_LENGTH = 256;

	/** The namespace unless one is chosen: {@code "lock"}. */
	public static final Namespace DEFAULT = Namespace.of("lock");

	/**
	 * Checks and copies the values.
	 * @param parts the namespace's parts
	 * @param delimiter the delimiter
	 * @throws IllegalArgumentException if {@code delimiter} is not exactly one allowed character, or {@code parts} is
	 * empty, has a blank or malformed part (a lone surrogate) or one containing the delimiter or
	 * {@link #ROOT_MARKER}, or joins to more than {@link #MAX_ROOT_LENGTH} characters
	 */
	public Namespace {
		requireDelimiter(delimiter);
		parts = List.copyOf(Arguments.requireParts("namespace", parts, MAX_ROOT_LENGTH, true));
		for (int i = 0; i < parts.size(); i++) {
			String part = parts.get(i);
			if (part.contains(delimiter)) {
				throw new IllegalArgumentException("namespace[" + i + "] must not contain the delimiter "
						+ Arguments.quote(delimiter) + ", was " + Arguments.quote(part)
						+ "; give the namespace's parts as a list instead");
			}
			if (part.contains(ROOT_MARKER)) {
				throw new IllegalArgumentException("namespace[" + i + "] must not contain the root marker '"
						+ ROOT_MARKER + "', was " + Arguments.quote(part));
			}
		}
	}

	/**
	 * A one-part namespace with the default delimiter.
	 * @param root the namespace, for example {@code "lock"}
	 * @return the namespace
	 * @throws IllegalArgumentException if {@code root} is {@code null}, blank or malformed, contains the default
	 * delimiter or {@link #ROOT_MARKER}, or is longer than {@link #MAX_ROOT_LENGTH}
	 */
	public static Namespace of(String root) {
		return new Namespace(List.of(Arguments.requireText("namespace", root, MAX_ROOT_LENGTH, true)),
				DEFAULT_DELIMITER);
	}

	/**
	 * A namespace of several parts with the default delimiter, for example {@code ["billing", "lock"]}.
	 * @param parts the parts
	 * @return the namespace
	 * @throws IllegalArgumentException if {@code parts} is {@code null} or empty, or a part is not allowed (see
	 * {@link #Namespace(List, String)})
	 */
	public static Namespace of(Iterable<String> parts) {
		return new Namespace(Arguments.requireParts("namespace", parts, MAX_ROOT_LENGTH, true), DEFAULT_DELIMITER);
	}

	/**
	 * This namespace with another delimiter. A namespace whose parts contain the default delimiter cannot be made
	 * with {@code of} first: make it with the constructor, {@code new Namespace(List.of("billing:lock"), "/")}.
	 * @param delimiter the delimiter
	 * @return a new namespace
	 * @throws IllegalArgumentException if {@code delimiter} is not exactly one allowed character, or a part of this
	 * namespace contains it
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
	 * The key as the backend stores it. The key is not checked here: providers check keys when they create locks.
	 * @param key a key as the user gave it
	 * @return {@code root() + delimiter + ROOT_MARKER + delimiter + key}, for example {@code "lock:_rt:orders:42"}
	 */
	public String qualify(String key) {
		return root() + this.delimiter + ROOT_MARKER + this.delimiter + key;
	}

	// The inverse of qualify, for messages about a key an adapter names: the key as the user gave it.
	String unqualify(String qualifiedKey) {
		String prefix = qualify("");
		return qualifiedKey.startsWith(prefix) ? qualifiedKey.substring(prefix.length()) : qualifiedKey;
	}

	/**
	 * Joins key parts with the delimiter, after checking them. The parts may contain the delimiter: a key is the
	 * joined string, so {@code ["a:b"]} and {@code ["a", "b"]} are the same key {@code "a:b"}.
	 * @param argumentName the name errors report
	 * @param parts the parts
	 * @return the joined parts
	 * @throws IllegalArgumentException naming {@code argumentName} if {@code parts} is {@code null} or empty, a
	 * part is {@code null}, blank or malformed, or the joined key is longer than {@link LockProvider#MAX_KEY_LENGTH}
	 */
	String join(String argumentName, Iterable<String> parts) {
		return String.join(this.delimiter,
				Arguments.requireParts(argumentName, parts, LockProvider.MAX_KEY_LENGTH, true));
	}

	@Override
	public String toString() {
		return root();
	}

	private static void requireDelimiter(String delimiter) {
		if (delimiter == null || delimiter.length() != 1) {
			throw new IllegalArgumentException("delimiter must be exactly one character, was "
					+ ((delimiter != null) ? Arguments.quote(delimiter) : "null"));
		}
		char c = delimiter.charAt(0);
		// A letter or '_' could be part of the marker, which would make qualified keys ambiguous; the others could
		// not be told apart from a key's own characters in a log line.
		if (Character.isLetterOrDigit(c) || c == '_' || Arguments.isBlank(c) || Character.isISOControl(c)
				|| Character.getType(c) == Character.FORMAT || Character.isSurrogate(c)) {
			throw new IllegalArgumentException("delimiter must not be a letter, digit, '_', whitespace, control, "
					+ "format or surrogate character, was " + Arguments.quote(delimiter));
		}
	}

}
