package dev.distlock.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

import dev.distlock.Expiry;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;
import dev.distlock.Namespace;
import dev.distlock.UntrustedText;

/**
 * The codec against generated input. Every flat object of strings from all of Unicode, whole numbers, booleans and
 * nulls is read back as written; every handle travels exactly. Whatever else is read, garbage or a truncated,
 * retyped, oversized, shortened, lengthened or altered handle, reading either throws an
 * {@link IllegalArgumentException} with a short one-line message that never holds the owner, or yields a handle the
 * API accepts.
 */
class LockJsonPropertyTests {

	/** Generous: the longest message a refusal may have, however large the input. */
	private static final int MAX_MESSAGE_LENGTH = 400;

	private static final String BLANKS = " \t\u00A0\u2007\u202F\u200B\u2060\uFEFF\u3000";

	@Property(tries = 500)
	void everyFlatObjectIsReadBackAsWritten(@ForAll("flatObjects") Map<String, @Nullable Object> values) {
		assertThat(FlatJson.read(FlatJson.write(values))).containsExactlyEntriesOf(values);
	}

	@Property(tries = 300)
	void everyHandleTravelsExactly(@ForAll("handles") LockHandle handle) {
		String json = LockJson.writeHandle(handle);

		assertThat(LockJson.readHandle(json)).isEqualTo(handle);
		assertThat(FlatJson.read(json)).containsExactlyEntriesOf(LockJson.fields(handle));
	}

	@Property(tries = 1000)
	void garbageIsRefusedOrAValidHandle(@ForAll("garbage") String json) {
		assertRefusedOrValid(json, null);
	}

	@Property(tries = 1500)
	void aSpoiledHandleIsRefusedOrStillAValidHandle(@ForAll("handles") LockHandle handle,
			@ForAll("spoilers") Spoiler spoiler) {
		assertRefusedOrValid(spoiler.spoil(LockJson.fields(handle)), handle.owner());
	}

	@Property(tries = 300)
	void aTruncatedHandleIsAlwaysRefused(@ForAll("handles") LockHandle handle, @ForAll double where) {
		String json = LockJson.writeHandle(handle);
		String truncated = json.substring(0, (int) (Math.abs(where) % 1 * json.length()));

		assertThatIllegalArgumentException().isThrownBy(() -> LockJson.readHandle(truncated))
			.satisfies((ex) -> assertShortAndOwnerless(ex, handle.owner()));
	}

	private static void assertRefusedOrValid(String json, @Nullable String owner) {
		LockHandle read;
		try {
			read = LockJson.readHandle(json);
		}
		catch (IllegalArgumentException ex) {
			assertShortAndOwnerless(ex, owner);
			return;
		}
		// Anything else thrown fails the property. A handle read is one the constructor accepted: rebuilt, it is equal.
		assertThat(new LockHandle(read.namespace(), read.key(), read.owner(), read.expiry(), read.token()))
			.isEqualTo(read);
	}

	private static void assertShortAndOwnerless(IllegalArgumentException ex, @Nullable String owner) {
		assertThat(ex.getMessage()).isNotBlank().hasSizeLessThanOrEqualTo(MAX_MESSAGE_LENGTH);
		assertThat(ex.getMessage().chars()).as("one line").noneMatch((c) -> c == '\n' || c == '\r');
		// A quoted value is at most 32 characters: a longer owner in a message would mean it was printed.
		if (owner != null && owner.length() > UntrustedText.QUOTED_PREFIX) {
			assertThat(ex.getMessage()).doesNotContain(owner);
		}
	}

	@Provide
	Arbitrary<Map<String, @Nullable Object>> flatObjects() {
		Arbitrary<@Nullable Object> value = Arbitraries.frequencyOf(
				Tuple.of(3, Arbitraries.strings().all().ofMaxLength(30).map((text) -> (Object) text)),
				Tuple.of(2, Arbitraries.longs().map((number) -> (Object) number)),
				Tuple.of(1, Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map((bool) -> (Object) bool)),
				Tuple.of(1, Arbitraries.<@Nullable Object>just(null)));
		return Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(12), value).ofMaxSize(8)
			.map((map) -> new LinkedHashMap<>(map));
	}

	@Provide
	Arbitrary<LockHandle> handles() {
		Arbitrary<String> roots = texts(1, 20).filter((root) -> root.length() <= Namespace.MAX_ROOT_LENGTH
				&& !root.contains(Namespace.ROOT_MARKER));
		Arbitrary<String> keys = Arbitraries.frequencyOf(Tuple.of(8, texts(1, 40)),
				Tuple.of(1, texts(1, LockProvider.MAX_KEY_LENGTH / 2)
					.filter((key) -> key.length() <= LockProvider.MAX_KEY_LENGTH)));
		Arbitrary<String> owners = texts(1, LockProvider.MAX_OWNER_LENGTH / 2)
			.filter((owner) -> owner.length() <= LockProvider.MAX_OWNER_LENGTH);
		Duration max = Duration.ofDays(36_500);
		Arbitrary<Expiry.Resolved> expiries = Arbitraries.frequencyOf(
				Tuple.of(4, Arbitraries.longs().between(1, 3_600_000).map(Duration::ofMillis)),
				Tuple.of(1, Arbitraries.longs().between(1, max.toNanos()).map(Duration::ofNanos)),
				Tuple.of(1, Arbitraries.just(max)))
			.injectNull(0.2)
			.map(Expiry::ofNullable);
		Arbitrary<Long> tokens = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0L)),
				Tuple.of(2, Arbitraries.longs().between(1, 1000)),
				Tuple.of(2, Arbitraries.longs().between(1, Long.MAX_VALUE)));
		return Combinators.combine(roots, keys, owners, expiries, tokens).as(LockHandle::new);
	}

	@Provide
	Arbitrary<String> garbage() {
		return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(300),
				Arbitraries.strings().withChars("{}[]\":,\\ntrufalse0123456789-.eE").ofMaxLength(200),
				Arbitraries.of("", "{}", "null", "[]", "\"orders:k\"", "42", "true", "{\"namespace\":{}}",
						"{\"namespace\":\"orders\",\"namespace\":\"orders\"}", "{\"token\":1e400}", "{\"token\":-0}",
						"{\"ttl\":\"PT-0S\"}"));
	}

	/** A JSON value of any of the flat types: the right one, a wrong one, or a tricky string. */
	static Arbitrary<@Nullable Object> anyValue() {
		return Arbitraries.frequencyOf(Tuple.of(3, texts(0, 20).map((text) -> (Object) text)),
				Tuple.of(2, Arbitraries.longs().map((number) -> (Object) number)),
				Tuple.of(1, Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map((bool) -> (Object) bool)),
				Tuple.of(1, Arbitraries.<@Nullable Object>just(null)),
				Tuple.of(1, Arbitraries.of("", " ", "\u00A0", "\u200B", "PT0S", "-PT1S", "PT1000000H", "P36501D",
						"\uD800", "x\uDFFF", "orders", "o_rt").map((text) -> (Object) text)));
	}

	@Provide
	Arbitrary<Spoiler> spoilers() {
		Arbitrary<Spoiler> retype = Combinators.combine(Arbitraries.integers().between(0, 100), anyValue())
			.as((index, value) -> (fields) -> FlatJson.write(with(fields, index, value)));
		Arbitrary<Spoiler> oversize = Combinators
			.combine(Arbitraries.integers().between(0, 100), Arbitraries.integers().between(100, 60_000),
					Arbitraries.of("x", "é", "😀", " ", "\u200B"))
			.as((index, length, text) -> (fields) -> FlatJson
				.write(with(fields, index, text.repeat(length / text.length()))));
		Arbitrary<Spoiler> remove = Arbitraries.integers().between(0, 100).map((index) -> (fields) -> {
			Map<String, @Nullable Object> fewer = new LinkedHashMap<>(fields);
			fewer.remove(new ArrayList<>(fields.keySet()).get(index % fields.size()));
			return FlatJson.write(fewer);
		});
		Arbitrary<Spoiler> add = Combinators.combine(texts(1, 12), anyValue()).as((name, value) -> (fields) -> {
			Map<String, @Nullable Object> more = new LinkedHashMap<>(fields);
			more.putIfAbsent(name, value);
			return FlatJson.write(more);
		});
		Arbitrary<Spoiler> change = Combinators
			.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.chars().all())
			.as((at, c) -> (fields) -> {
				String json = FlatJson.write(fields);
				int index = at % json.length();
				return json.substring(0, index) + c + json.substring(index + 1);
			});
		Arbitrary<Spoiler> insert = Combinators
			.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.strings().all().ofMaxLength(5))
			.as((at, text) -> (fields) -> {
				String json = FlatJson.write(fields);
				int index = at % (json.length() + 1);
				return json.substring(0, index) + text + json.substring(index);
			});
		return Arbitraries.oneOf(retype, oversize, remove, add, change, insert);
	}

	/** Spoils a handle given as its fields; returns the JSON to read. */
	@FunctionalInterface
	interface Spoiler {

		String spoil(Map<String, @Nullable Object> fields);

	}

	private static Map<String, @Nullable Object> with(Map<String, @Nullable Object> fields, int index,
			@Nullable Object value) {
		Map<String, @Nullable Object> changed = new LinkedHashMap<>(fields);
		List<String> names = new ArrayList<>(fields.keySet());
		changed.put(names.get(index % names.size()), value);
		return changed;
	}

	/** Code points of well-formed text, with JSON's and the namespace's special characters more often. */
	private static Arbitrary<Integer> codePoints() {
		return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(0x21, 0x7E)),
				Tuple.of(2, Arbitraries.of((int) ':', (int) '"', (int) '\\', (int) '{', (int) '_', (int) '/')),
				Tuple.of(2, Arbitraries.integers().between(0, 0xD7FF)),
				Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
				Tuple.of(2, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)),
				Tuple.of(1, Arbitraries.of(BLANKS.chars().boxed().toList())));
	}

	/** Well-formed, non-blank text of {@code min} to {@code max} code points. */
	private static Arbitrary<String> texts(int min, int max) {
		return codePoints().list().ofMinSize(min).ofMaxSize(max).map((codePoints) -> {
			StringBuilder text = new StringBuilder();
			codePoints.forEach(text::appendCodePoint);
			return text.toString();
		}).filter((text) -> !UntrustedText.isBlank(text));
	}

}
