package dev.distlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Namespaces qualify keys with a root marker between namespace and key, and join parts with their delimiter.
 */
class NamespaceTests {

	@Test
	void qualifiesKeysWithTheRootTheMarkerAndTheDelimiter() {
		assertThat(Namespace.DEFAULT.qualify("orders:42")).isEqualTo("lock:_rt:orders:42");
		assertThat(Namespace.of(List.of("billing", "lock")).withDelimiter("/").qualify("a"))
			.isEqualTo("billing/lock/_rt/a");
	}

	@Test
	void aKeyWithTheDelimiterIsNotANamespacePart() {
		// The collision the issue found: both were "app:x:1" before the marker.
		assertThat(Namespace.of("app").qualify("x:1")).isEqualTo("app:_rt:x:1");
		assertThat(Namespace.of(List.of("app", "x")).qualify("1")).isEqualTo("app:x:_rt:1");
	}

	@Test
	void keysMayContainTheMarkerAndTheDelimiter() {
		assertThat(Namespace.DEFAULT.qualify("_rt:_rt")).isEqualTo("lock:_rt:_rt:_rt");
	}

	@Test
	void providersJoinKeyPartsWithTheirDelimiter() {
		LockProvider provider = LockProvider.builder(new dev.distlock.adapter.NoOpLockAdapter())
			.namespace(Namespace.of("app").withDelimiter("."))
			.build();
		assertThat(provider.create(List.of("orders", "42")).getKey()).isEqualTo("orders.42");
	}

	@Test
	void rejectsBlankPartsAndEmptyDelimitersByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of(" ")).withMessageContaining("namespace");
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of(List.of("a", "")))
			.withMessageContaining("namespace[1]");
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of("a").withDelimiter(""))
			.withMessageContaining("delimiter");
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of("\u00A0\u202F\u200B"))
			.withMessage("namespace must not be null or blank");
	}

	// Parts ["a"] with ":x:" and parts ["a", "x"] with ":" would both qualify "k" as "a:x:_rt:x:k" if a
	// delimiter could be longer than one character.
	@ParameterizedTest
	@ValueSource(strings = { "::", ":x:", "ab", "\uD83D\uDD12" })
	void aDelimiterIsExactlyOneCharacter(String delimiter) {
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of("a").withDelimiter(delimiter))
			.withMessageStartingWith("delimiter must be exactly one character");
	}

	@ParameterizedTest
	@ValueSource(strings = { "r", "t", "_", "x", "7", "é", " ", "\t", "\u00A0", "\u200B", "\u0000", "\u202E", "\uD800" })
	void aDelimiterIsNoLetterDigitUnderscoreBlankControlFormatOrSurrogate(String delimiter) {
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of("a").withDelimiter(delimiter))
			.withMessageStartingWith("delimiter must not be a letter");
	}

	@ParameterizedTest
	@ValueSource(strings = { ":", "/", ".", "-", "|", "#", "{", "\u00B7" })
	void punctuationDelimits(String delimiter) {
		assertThat(Namespace.of("a").withDelimiter(delimiter).qualify("k")).isEqualTo("a" + delimiter + "_rt"
				+ delimiter + "k");
	}

	@Test
	void aPartContainsNeitherTheDelimiterNorTheMarker() {
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of("billing:lock"))
			.withMessageStartingWith("namespace[0] must not contain the delimiter ':'");
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of(List.of("a", "b/c")).withDelimiter("/"))
			.withMessageStartingWith("namespace[1] must not contain the delimiter '/'");
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of(List.of("a", "x_rt")))
			.withMessage("namespace[1] must not contain the root marker '_rt', was 'x_rt'");
		// With another delimiter, the default one is an ordinary character.
		assertThat(new Namespace(List.of("billing:lock"), "/").qualify("k"))
			.isEqualTo("billing:lock/_rt/k");
	}

	@Test
	void aRootHasAtMost256CharactersAndMessagesQuoteAShortPrefix() {
		String longest = "n".repeat(Namespace.MAX_ROOT_LENGTH);
		assertThat(Namespace.of(longest).root()).hasSize(256);
		assertThat(Namespace.of(List.of("n".repeat(127), "n".repeat(128))).root()).hasSize(256);
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of(longest + "n"))
			.withMessage("namespace must be at most 256 characters, was 257: '" + "n".repeat(32) + "'…");
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of(List.of("n".repeat(128), "n".repeat(128))))
			.withMessage("namespace must be at most 256 characters when joined, was more");
	}

	@Test
	void partsAreWellFormed() {
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of(List.of("a", "b\uDFFF")))
			.withMessage("namespace[1] must be well-formed Unicode, but has a lone surrogate U+DFFF at index 1");
		assertThat(Namespace.of("\uD83D\uDD12").root()).isEqualTo("\uD83D\uDD12");
	}

	@Test
	void quotesShowControlAndInvisibleCharactersAndNeverHalfAPair() {
		assertThat(Arguments.quote("a\nb\u202Ec\u0000")).isEqualTo("'a\\u000Ab\\u202Ec\\u0000'");
		String pairAcrossTheCut = "x".repeat(31) + "\uD83D\uDD12" + "tail";
		assertThat(Arguments.quote(pairAcrossTheCut)).isEqualTo("'" + "x".repeat(31) + "'…");
		assertThat(Arguments.quote("a\uD800b")).isEqualTo("'a\\uD800b'");
	}

}
