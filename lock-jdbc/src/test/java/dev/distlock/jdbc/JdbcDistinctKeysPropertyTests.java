package dev.distlock.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import net.jqwik.api.lifecycle.AfterContainer;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.LockState;
import dev.distlock.Namespace;

/**
 * Two different keys are two locks on every database, however alike they look to a collation: case, trailing and
 * leading spaces, composed and decomposed accents, compatibility look-alikes, supplementary characters (which
 * MariaDB's general collations treat as all equal), and whitespace inside a key (a key of nothing but whitespace,
 * no-break spaces or zero-width characters is blank, and refused before the table sees it). Holding one leaves the
 * other free, each reports its own holder, and owners as exotic as the keys are told apart just as exactly.
 */
class JdbcDistinctKeysPropertyTests {

	// The provider's namespace and the root marker, "lock:_rt:", are part of every key the table stores.
	private static final int MAX_KEY_LENGTH = JdbcLockAdapter.MAX_LENGTH - Namespace.DEFAULT.qualify("").length();

	// Pairs that a case-insensitive, accent-insensitive, padding or compatibility comparison would make one.
	private static final List<Tuple2<String, String>> LOOK_ALIKES = List.of(Tuple.of("ß", "ss"), Tuple.of("ß", "SS"),
			Tuple.of("K", "\u212A"), Tuple.of("Å", "\u212B"), Tuple.of("ﬁ", "fi"), Tuple.of("İ", "i"),
			Tuple.of("ı", "i"), Tuple.of("ǅ", "Dž"), Tuple.of("a", "\uFF41"), Tuple.of("A", "\uD835\uDC00"),
			Tuple.of("\uD83D\uDE00", "\uD83D\uDE01"), Tuple.of("\uD83D\uDE00", "\uFFFD"), Tuple.of("e\u0301", "é"),
			Tuple.of("x", "x\u200B"), Tuple.of("x\u00A0", "x "), Tuple.of("\u00A0", "\u2007"),
			Tuple.of("\u202F", "\u00A0"), Tuple.of("\u200B", "\u2060"), Tuple.of("a\tb", "a b"), Tuple.of("x", "x\n"));

	private static final Map<JdbcDialect, Fixture> fixtures = new EnumMap<>(JdbcDialect.class);

	@AfterContainer
	static void closeFixtures() {
		fixtures.values().forEach(Fixture::close);
		fixtures.clear();
	}

	@Property(tries = 100)
	void distinctKeysAreDistinctLocksOnPostgres(@ForAll("distinctKeys") Tuple2<String, String> keys) {
		assertDistinct(JdbcDialect.POSTGRESQL, keys.get1(), keys.get2());
	}

	@Property(tries = 100)
	void distinctKeysAreDistinctLocksOnMariaDb(@ForAll("distinctKeys") Tuple2<String, String> keys) {
		assertDistinct(JdbcDialect.MARIADB, keys.get1(), keys.get2());
	}

	@Property(tries = 100)
	void distinctKeysAreDistinctLocksOnH2(@ForAll("distinctKeys") Tuple2<String, String> keys) {
		assertDistinct(JdbcDialect.H2, keys.get1(), keys.get2());
	}

	private static void assertDistinct(JdbcDialect dialect, String firstKey, String secondKey) {
		LockProvider provider = fixture(dialect).provider;
		// Owners as exotic as the keys, and as alike: each key's owner is the key itself.
		Lock first = provider.create(firstKey, LockSettings.defaults().withOwner(firstKey));
		Lock second = provider.create(secondKey, LockSettings.defaults().withOwner(secondKey));
		try {
			assertThat(first.acquire()).isTrue();
			assertThat(second.acquire()).as("the other key, still free").isTrue();
			assertThat(provider.create(firstKey).getState()).isEqualTo(new LockState.Unavailable(firstKey));
			assertThat(provider.create(secondKey).getState()).isEqualTo(new LockState.Unavailable(secondKey));
			assertThat(provider.create(firstKey, LockSettings.defaults().withOwner(secondKey)).release())
				.as("a release by the other owner").isFalse();
			assertThat(first.release()).isTrue();
			assertThat(second.release()).isTrue();
		}
		catch (RuntimeException | AssertionError ex) {
			// Shrinking tries these keys again: leave them free.
			provider.create(firstKey).forceRelease();
			provider.create(secondKey).forceRelease();
			throw ex;
		}
	}

	@Provide
	Arbitrary<Tuple2<String, String>> distinctKeys() {
		Arbitrary<String> text = text();
		Arbitrary<String> accented = Combinators.combine(text, Arbitraries.of("é", "ñ", "Å", "ü", "ǖ", "ệ", "가", "ﬁ"))
			.as(String::concat);
		Arbitrary<String> longText = Arbitraries.strings()
			.withChars("aA €ü")
			.ofMinLength(MAX_KEY_LENGTH - 10)
			.ofMaxLength(MAX_KEY_LENGTH - 1);
		return Arbitraries.oneOf(
				// Case: a case-insensitive collation makes these one.
				text.map((key) -> Tuple.of(key, swapCase(key))), longText.map((key) -> Tuple.of(key, swapCase(key))),
				// Padding: CHAR and PAD SPACE collations ignore trailing spaces.
				text.map((key) -> Tuple.of(key, key + " ")), text.map((key) -> Tuple.of(" " + key, key)),
				longText.map((key) -> Tuple.of(key, key + " ")),
				// Unicode normalization: the same text, composed and decomposed.
				accented.map((key) -> Tuple.of(Normalizer.normalize(key, Normalizer.Form.NFC),
						Normalizer.normalize(key, Normalizer.Form.NFD))),
				Combinators.combine(text, Arbitraries.of(LOOK_ALIKES), text)
					.as((prefix, pair, suffix) -> Tuple.of(prefix + pair.get1() + suffix,
							prefix + pair.get2() + suffix)),
				Arbitraries.of(LOOK_ALIKES).map((pair) -> Tuple.of(pair.get1(), pair.get2())),
				// Anything else.
				Combinators.combine(text, text).as(Tuple::of))
			.filter((keys) -> !keys.get1().equals(keys.get2()) && storable(keys.get1()) && storable(keys.get2()));
	}

	// Code points of every kind but U+0000 and lone surrogates, which checkStorable rejects.
	private static Arbitrary<String> text() {
		Arbitrary<Integer> codePoint = Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(0x20, 0x7E)),
				Tuple.of(1, Arbitraries.integers().between(0x01, 0x1F)),
				Tuple.of(2, Arbitraries.integers().between(0xA0, 0x24F)),
				Tuple.of(1, Arbitraries.integers().between(0x300, 0x36F)),
				Tuple.of(1, Arbitraries.integers().between(0x370, 0xD7FF)),
				Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
				Tuple.of(2, Arbitraries.integers().between(0x10000, 0x10FFFF)));
		return codePoint.list().ofMinSize(1).ofMaxSize(24).map((codePoints) -> {
			StringBuilder text = new StringBuilder();
			codePoints.forEach(text::appendCodePoint);
			return text.toString();
		});
	}

	// Not blank as distlock counts it: some character is neither whitespace, nor a no-break space, nor invisible.
	private static boolean storable(String key) {
		return key.length() <= MAX_KEY_LENGTH && !key.chars()
			.allMatch((c) -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x200B || c == 0x2060
					|| c == 0xFEFF);
	}

	private static String swapCase(String text) {
		StringBuilder swapped = new StringBuilder();
		text.codePoints().forEach((c) -> swapped.appendCodePoint(
				Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c)));
		return swapped.toString();
	}

	private static Fixture fixture(JdbcDialect dialect) {
		return fixtures.computeIfAbsent(dialect, Fixture::new);
	}

	/** One lock table per dialect for all tries. */
	private static final class Fixture {

		private final LockTable table;

		private final JdbcLockAdapter adapter;

		private final LockProvider provider;

		Fixture(JdbcDialect dialect) {
			this.table = LockTable.in(dialect);
			this.adapter = new JdbcLockAdapter(this.table.dataSource(), this.table.settings());
			this.provider = LockProvider.builder(this.adapter).build();
		}

		void close() {
			this.provider.close();
			this.adapter.close();
			this.table.close();
		}

	}

}
