package dev.distlock.spring.jackson;

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
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;
import dev.distlock.Namespace;
import dev.distlock.UntrustedText;
import dev.distlock.adapter.MemoryLockAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The Jackson form of handles against generated input. Handles with namespaces, keys and owners from all of Unicode
 * and every TTL and token travel exactly, as a {@code LockHandle} and as a live {@code Lock}. Whatever else is read,
 * garbage, a truncated, retyped, oversized, shortened, lengthened or altered handle, the only failures are Jackson's
 * documented ones: {@link MismatchedInputException} for well-formed JSON that is no valid handle, with a short message
 * that never holds the owner, and {@link StreamReadException} for input that is not JSON at all (or breaks Jackson's
 * own stream limits), exactly when Jackson fails the same way without the module.
 */
class LockJacksonModulePropertyTests {

	private static final String NAMESPACE = "orders";

	/** Generous: the longest message a failure may have, however large the input. */
	private static final int MAX_MESSAGE_LENGTH = 600;

	private static final String BLANKS = " \t\u00A0\u2007\u202F\u200B\u2060\uFEFF\u3000";

	private static final MemoryLockAdapter backend = new MemoryLockAdapter();

	private static final JsonMapper plain = JsonMapper.builder().build();

	private static final JsonMapper mapper = mapperFor(NAMESPACE);

	record Envelope(String orderId, LockHandle handle, Lock lock) {
	}

	@Property(tries = 300)
	void everyHandleTravelsExactlyAsAHandleAndAsALiveLock(@ForAll("namespaceParts") List<String> parts,
			@ForAll("keys") String key, @ForAll("owners") String owner, @ForAll("ttls") @Nullable Duration ttl,
			@ForAll("tokens") long token) {
		LockProvider provider = LockProvider.builder(backend).namespace(Namespace.of(parts)).build();
		JsonMapper json = JsonMapper.builder().addModule(new LockJacksonModule(provider)).build();
		LockHandle handle = new LockHandle(provider.getNamespace().root(), key, owner, Expiry.ofNullable(ttl), token);
		Lock lock = provider.restore(handle);

		String written = json.writeValueAsString(new Envelope("42", handle, lock));
		Envelope read = json.readValue(written, Envelope.class);

		assertThat(read.handle()).isEqualTo(handle);
		assertThat(read.lock().toHandle()).isEqualTo(handle);
		assertThat(read.lock().getOwner()).isEqualTo(owner);
		assertThat(json.readValue(json.writeValueAsString(handle), LockHandle.class)).isEqualTo(handle);
	}

	@Property(tries = 1000)
	void garbageFailsOnlyAsDocumented(@ForAll("garbage") String input) {
		assertReadOrDocumentedFailure(input, null);
	}

	@Property(tries = 1500)
	void aSpoiledHandleFailsOnlyAsDocumented(@ForAll("validFields") Map<String, @Nullable Object> fields,
			@ForAll("spoilers") Spoiler spoiler) {
		String owner = (String) fields.get("owner");

		assertReadOrDocumentedFailure(spoiler.spoil(fields), owner);
	}

	@Property(tries = 300)
	void aTruncatedHandleIsMalformedJsonAndFailsAsJacksonDoes(@ForAll("validFields") Map<String, @Nullable Object> fields,
			@ForAll double where) {
		String json = plain.writeValueAsString(fields);
		String truncated = json.substring(0, (int) (Math.abs(where) % 1 * json.length()));

		for (Class<?> type : List.of(Lock.class, LockHandle.class)) {
			assertThatThrownBy(() -> mapper.readValue(truncated, type)).isInstanceOfAny(StreamReadException.class,
					MismatchedInputException.class);
		}
	}

	@Property(tries = 300)
	void aValueOverTheLimitsAlwaysFailsWithAShortMessage(@ForAll("validFields") Map<String, @Nullable Object> fields,
			@ForAll("oversized") Map.Entry<String, Object> oversized) {
		Map<String, @Nullable Object> spoiled = new LinkedHashMap<>(fields);
		spoiled.put(oversized.getKey(), oversized.getValue());
		String json = plain.writeValueAsString(spoiled);
		String owner = (String) spoiled.get("owner");

		for (Class<?> type : List.of(Lock.class, LockHandle.class)) {
			assertThatThrownBy(() -> mapper.readValue(json, type)).isInstanceOf(MismatchedInputException.class)
				.hasMessageStartingWith("Invalid lock handle: ")
				.satisfies((ex) -> assertShortAndOwnerless(ex, owner));
		}
	}

	@Provide
	Arbitrary<List<String>> namespaceParts() {
		return texts(1, 20).filter((part) -> !part.contains(Namespace.DEFAULT_DELIMITER)
				&& !part.contains(Namespace.ROOT_MARKER)).list().ofMinSize(1).ofMaxSize(3);
	}

	@Provide
	Arbitrary<String> keys() {
		return Arbitraries.frequencyOf(Tuple.of(8, texts(1, 40)), Tuple.of(1,
				texts(1, LockProvider.MAX_KEY_LENGTH / 2).filter((key) -> key.length() <= LockProvider.MAX_KEY_LENGTH)));
	}

	@Provide
	Arbitrary<String> owners() {
		return texts(1, LockProvider.MAX_OWNER_LENGTH / 2)
			.filter((owner) -> owner.length() <= LockProvider.MAX_OWNER_LENGTH);
	}

	@Provide
	Arbitrary<@Nullable Duration> ttls() {
		Duration max = Duration.ofDays(36_500);
		return Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.longs().between(1, 3_600_000).map(Duration::ofMillis)),
				Tuple.of(1, Arbitraries.longs().between(1, max.toNanos()).map(Duration::ofNanos)),
				Tuple.of(1, Arbitraries.just(max)))
			.injectNull(0.2);
	}

	@Provide
	Arbitrary<Long> tokens() {
		return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0L)), Tuple.of(2, Arbitraries.longs().between(1, 1000)),
				Tuple.of(2, Arbitraries.longs().between(1, Long.MAX_VALUE)));
	}

	/** The fields of a valid handle of {@value #NAMESPACE}, as plain JSON values. */
	@Provide
	Arbitrary<Map<String, @Nullable Object>> validFields() {
		return Combinators.combine(keys(), owners(), ttls(), tokens()).as((key, owner, ttl, token) -> {
			Map<String, @Nullable Object> fields = new LinkedHashMap<>();
			fields.put("namespace", NAMESPACE);
			fields.put("key", key);
			fields.put("owner", owner);
			fields.put("ttl", (ttl != null) ? ttl.toString() : null);
			if (token > 0) {
				fields.put("token", token);
			}
			return fields;
		});
	}

	@Provide
	Arbitrary<String> garbage() {
		return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(300),
				Arbitraries.strings().withChars("{}[]\":,\\ntrufalse0123456789-.eE").ofMaxLength(200),
				Arbitraries.of("", "{}", "null", "[]", "\"orders:k\"", "42", "true", "{\"namespace\":{}}",
						"{\"namespace\":\"orders\",\"namespace\":\"orders\"}", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
						"{\"token\":1e400}", "{\"token\":-0}", "{\"ttl\":\"PT-0S\"}"));
	}

	@Provide
	Arbitrary<Map.Entry<String, Object>> oversized() {
		return Arbitraries.oneOf(
				texts(LockProvider.MAX_KEY_LENGTH + 1, 3000).filter((key) -> key.length() > LockProvider.MAX_KEY_LENGTH)
					.map((key) -> Map.entry("key", key)),
				texts(LockProvider.MAX_OWNER_LENGTH + 1, 1000)
					.filter((owner) -> owner.length() > LockProvider.MAX_OWNER_LENGTH)
					.map((owner) -> Map.entry("owner", owner)),
				texts(Namespace.MAX_ROOT_LENGTH + 1, 1000).filter((root) -> root.length() > Namespace.MAX_ROOT_LENGTH)
					.map((root) -> Map.entry("namespace", root)),
				Arbitraries.longs().between(36_501, 10_000_000).map((days) -> Map.entry("ttl", "P" + days + "D")),
				Arbitraries.integers().between(65, 100_000).map((digits) -> Map.entry("ttl", "PT" + "9".repeat(digits) + "S")));
	}

	/** A JSON value of any type: the right one, a wrong one, or a tricky string. */
	static Arbitrary<@Nullable Object> anyValue() {
		return Arbitraries.frequencyOf(Tuple.of(3, texts(0, 20).map((text) -> (Object) text)),
				Tuple.of(2, Arbitraries.longs().map((number) -> (Object) number)),
				Tuple.of(1, Arbitraries.doubles().map((number) -> (Object) number)),
				Tuple.of(1, Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map((bool) -> (Object) bool)),
				Tuple.of(1, Arbitraries.<@Nullable Object>just(null)),
				Tuple.of(1, Arbitraries.of(List.of(), List.of("orders"), Map.of(), Map.of("key", "k"))
					.map((value) -> (Object) value)),
				Tuple.of(1, Arbitraries.of("", " ", "\u00A0", "\u200B", "PT0S", "-PT1S", "PT1000000H", "P36501D", "\uD800",
						"x\uDFFF", "orders", "billing", "o_rt").map((text) -> (Object) text)));
	}

	@Provide
	Arbitrary<Spoiler> spoilers() {
		Arbitrary<Spoiler> retype = Combinators.combine(Arbitraries.integers().between(0, 100), anyValue())
			.as((index, value) -> (fields) -> plain.writeValueAsString(with(fields, index, value)));
		Arbitrary<Spoiler> oversize = Combinators
			.combine(Arbitraries.integers().between(0, 100), Arbitraries.integers().between(100, 60_000),
					Arbitraries.of("x", "é", "😀", " ", "\u200B"))
			.as((index, length, text) -> (fields) -> plain
				.writeValueAsString(with(fields, index, text.repeat(length / text.length()))));
		Arbitrary<Spoiler> remove = Arbitraries.integers().between(0, 100).map((index) -> (fields) -> {
			Map<String, @Nullable Object> fewer = new LinkedHashMap<>(fields);
			fewer.remove(new ArrayList<>(fields.keySet()).get(index % fields.size()));
			return plain.writeValueAsString(fewer);
		});
		Arbitrary<Spoiler> add = Combinators.combine(texts(1, 12), anyValue()).as((name, value) -> (fields) -> {
			Map<String, @Nullable Object> more = new LinkedHashMap<>(fields);
			more.putIfAbsent(name, value);
			return plain.writeValueAsString(more);
		});
		Arbitrary<Spoiler> change = Combinators
			.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.chars().all())
			.as((at, c) -> (fields) -> {
				String json = plain.writeValueAsString(fields);
				int index = at % json.length();
				return json.substring(0, index) + c + json.substring(index + 1);
			});
		Arbitrary<Spoiler> insert = Combinators
			.combine(Arbitraries.integers().between(0, 10_000), Arbitraries.strings().all().ofMaxLength(5))
			.as((at, text) -> (fields) -> {
				String json = plain.writeValueAsString(fields);
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

	private static void assertReadOrDocumentedFailure(String input, @Nullable String owner) {
		for (Class<?> type : List.of(Lock.class, LockHandle.class)) {
			Object read;
			try {
				read = mapper.readValue(input, type);
			}
			catch (MismatchedInputException ex) {
				if (!ex.getMessage().startsWith("Invalid lock handle: ")) {
					// Jackson's own (no content, trailing tokens): it fails the same way without the module.
					assertThatThrownBy(() -> plain.readValue(input, Object.class))
						.isInstanceOf(MismatchedInputException.class);
				}
				assertShortAndOwnerless(ex, owner);
				continue;
			}
			catch (StreamReadException ex) {
				// Not JSON (or over Jackson's own limits): Jackson fails the same way without the module.
				assertThatThrownBy(() -> plain.readValue(input, Object.class)).isInstanceOf(StreamReadException.class);
				continue;
			}
			catch (RuntimeException ex) {
				fail("only MismatchedInputException and StreamReadException are documented, was %s", ex.toString());
				return;
			}
			// A success is a valid handle: the constructor checked every value, and a lock is of this namespace.
			if (read instanceof Lock lock) {
				assertThat(lock.toHandle().namespace()).isEqualTo(NAMESPACE);
			}
			else if (read != null) {
				assertThat(read).isInstanceOf(LockHandle.class);
			}
		}
	}

	private static void assertShortAndOwnerless(Throwable ex, @Nullable String owner) {
		assertThat(ex.getMessage()).hasSizeLessThanOrEqualTo(MAX_MESSAGE_LENGTH);
		// A quoted value is at most 32 characters: a longer owner in a message would mean it was printed.
		if (owner != null && owner.length() > UntrustedText.QUOTED_PREFIX) {
			assertThat(ex.getMessage()).doesNotContain(owner);
		}
	}

	private static Map<String, @Nullable Object> with(Map<String, @Nullable Object> fields, int index,
			@Nullable Object value) {
		Map<String, @Nullable Object> changed = new LinkedHashMap<>(fields);
		List<String> names = new ArrayList<>(fields.keySet());
		changed.put(names.get(index % names.size()), value);
		return changed;
	}

	private static JsonMapper mapperFor(String namespace) {
		LockProvider provider = LockProvider.builder(backend).namespace(namespace).build();
		return JsonMapper.builder().addModule(new LockJacksonModule(provider)).build();
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
		}).filter((text) -> text.codePoints().anyMatch((c) -> BLANKS.indexOf(c) < 0 && !Character.isWhitespace(c)
				&& !Character.isSpaceChar(c)));
	}

}
