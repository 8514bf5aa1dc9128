package dev.distlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Qualified keys are injective: no two distinct pairs of namespace and key give the same backend key, across every
 * namespace, every part layout and every delimiter. Proved on generated namespaces and keys in two ways: every
 * reading of a qualified key as {@code root + d + "_rt" + d + key} but the true one is refused by the rules, and two
 * generated pairs from a tiny alphabet (so that near misses abound) never meet unless equal.
 */
class QualifiedKeyPropertyTests {

	private static final String MARKER = Namespace.ROOT_MARKER;

	@Property(tries = 2000)
	void aQualifiedKeyHasExactlyOneReadingThatTheRulesAllow(@ForAll("namespaces") Namespace namespace,
			@ForAll("keys") String key) {
		String qualified = namespace.qualify(key);
		List<Reading> readings = readings(qualified);
		// How often a reading the rules refuse exists: the cases where the rules, not luck, keep the key unique.
		Statistics.collect((candidates(qualified) > 1) ? "other readings refused" : "one reading only");
		assertThat(readings).containsExactly(new Reading(namespace, key));
	}

	@Property(tries = 5000)
	void twoPairsMeetOnlyIfEqual(@ForAll("tinyNamespaces") Namespace first, @ForAll("tinyKeys") String firstKey,
			@ForAll("tinyNamespaces") Namespace second, @ForAll("tinyKeys") String secondKey) {
		boolean same = first.qualify(firstKey).equals(second.qualify(secondKey));
		Statistics.collect(same ? "same qualified key" : "different");
		if (same) {
			assertThat(second).isEqualTo(first);
			assertThat(secondKey).isEqualTo(firstKey);
		}
	}

	@Property(tries = 500)
	void everyNamespaceQualifiesWithItsRootTheMarkerAndTheKey(@ForAll("namespaces") Namespace namespace,
			@ForAll("keys") String key) {
		String d = namespace.delimiter();
		assertThat(namespace.qualify(key)).isEqualTo(String.join(d, namespace.parts()) + d + MARKER + d + key)
			.startsWith(namespace.root() + d + MARKER + d);
	}

	// Each rule is needed: without it, two pairs meet (computed without the checks, which refuse these namespaces).
	@Example
	void withoutTheRulesPairsMeet() {
		// A delimiter of several characters.
		assertThat(unchecked(List.of("a"), ":x:", "k")).isEqualTo(unchecked(List.of("a", "x"), ":", "x:k"));
		// A part containing the delimiter.
		assertThat(unchecked(List.of("a:x"), ":", "1")).isEqualTo(unchecked(List.of("a", "x"), ":", "1"));
		// A part containing the marker.
		assertThat(unchecked(List.of("a", "_rt"), ":", "k")).isEqualTo(unchecked(List.of("a"), ":", "_rt:k"));
		// A delimiter that is a character of the marker.
		assertThat(unchecked(List.of("a__r"), "t", "k")).isEqualTo(unchecked(List.of("a"), "_", "rttk"));
		// The checks refuse every one of the namespaces that meet another.
		assertThatIllegalArgumentException().isThrownBy(() -> new Namespace(List.of("a"), ":x:"));
		assertThatIllegalArgumentException().isThrownBy(() -> new Namespace(List.of("a:x"), ":"));
		assertThatIllegalArgumentException().isThrownBy(() -> new Namespace(List.of("a", "_rt"), ":"));
		assertThatIllegalArgumentException().isThrownBy(() -> new Namespace(List.of("a__r"), "t"));
		assertThatIllegalArgumentException().isThrownBy(() -> new Namespace(List.of("a"), "_"));
	}

	/**
	 * Every pair of namespace and key that the rules allow and that qualifies to {@code qualified}. Complete: a pair
	 * qualifies to it only if its root is a prefix of it, followed by a one-character delimiter, the marker and the
	 * delimiter again, and then its parts are the root split at the delimiter (parts never contain it).
	 */
	private static List<Reading> readings(String qualified) {
		List<Reading> readings = new ArrayList<>();
		for (int at = 1; at + MARKER.length() + 1 < qualified.length(); at++) {
			if (!isCandidate(qualified, at)) {
				continue;
			}
			String d = qualified.substring(at, at + 1);
			List<String> parts = Arrays.asList(qualified.substring(0, at).split(Pattern.quote(d), -1));
			String key = qualified.substring(at + MARKER.length() + 2);
			Namespace namespace;
			try {
				namespace = new Namespace(parts, d);
				Arguments.requireKey("key", key);
			}
			catch (IllegalArgumentException ex) {
				continue;
			}
			assertThat(namespace.qualify(key)).isEqualTo(qualified);
			readings.add(new Reading(namespace, key));
		}
		return readings;
	}

	// Readings of a qualified key by its shape alone, whatever the rules say.
	private static long candidates(String qualified) {
		long candidates = 0;
		for (int at = 1; at + MARKER.length() + 1 < qualified.length(); at++) {
			candidates += isCandidate(qualified, at) ? 1 : 0;
		}
		return candidates;
	}

	// A delimiter at `at`, then the marker, then the same delimiter.
	private static boolean isCandidate(String qualified, int at) {
		return qualified.startsWith(MARKER, at + 1)
				&& qualified.charAt(at + 1 + MARKER.length()) == qualified.charAt(at);
	}

	private static String unchecked(List<String> parts, String delimiter, String key) {
		return String.join(delimiter, parts) + delimiter + MARKER + delimiter + key;
	}

	@Provide
	Arbitrary<Namespace> namespaces() {
		return Arbitraries.oneOf(namespacesOf(LockInputs.delimiters(), LockInputs.texts(1, 12)),
				namespacesOf(Arbitraries.of(":", "/", ".", "-"), markerLike(1, 4)));
	}

	@Provide
	Arbitrary<String> keys() {
		return Arbitraries.oneOf(LockInputs.texts(1, 40), markerLike(1, 8));
	}

	@Provide
	Arbitrary<Namespace> tinyNamespaces() {
		return namespacesOf(Arbitraries.of(":", "/"), Arbitraries.strings().withChars("a_rt:/").ofMinLength(1)
			.ofMaxLength(3));
	}

	@Provide
	Arbitrary<String> tinyKeys() {
		return Arbitraries.strings().withChars("a_rt:/").ofMinLength(1).ofMaxLength(7);
	}

	/** Strings made of the marker, its characters and delimiters: where a reading could go astray. */
	private static Arbitrary<String> markerLike(int minPieces, int maxPieces) {
		return Arbitraries.of(MARKER, "_", "r", "t", "a", ":", "/", ".", "-", "_rt:", ":_rt", "/_rt/")
			.list()
			.ofMinSize(minPieces)
			.ofMaxSize(maxPieces)
			.map((pieces) -> String.join("", pieces));
	}

	private static Arbitrary<Namespace> namespacesOf(Arbitrary<String> delimiters, Arbitrary<String> parts) {
		return delimiters.flatMap((d) -> parts.filter((part) -> !part.contains(d) && !part.contains(MARKER))
			.list()
			.ofMinSize(1)
			.ofMaxSize(3)
			.filter((list) -> String.join(d, list).length() <= Namespace.MAX_ROOT_LENGTH)
			.map((list) -> new Namespace(list, d)));
	}

	private record Reading(Namespace namespace, String key) {
	}

}
