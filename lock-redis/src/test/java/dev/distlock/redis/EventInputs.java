package dev.distlock.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.jspecify.annotations.Nullable;

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;
import dev.distlock.UntrustedText;
import dev.distlock.codec.FlatJson;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockForceReleasedEvent;
import dev.distlock.event.LockLostEvent;
import dev.distlock.event.LockRefreshFailedEvent;
import dev.distlock.event.LockRefreshedEvent;
import dev.distlock.event.LockReleaseFailedEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.event.LockUnavailableEvent;
import dev.distlock.event.LockUnexpectedErrorEvent;

/**
 * Generators for the event codec's properties: valid events of every type with keys, owners and TTLs from all of
 * Unicode, and the ways a payload goes wrong (garbage, truncation, a value of the wrong type, an oversized value, a
 * field too many or too few, a character changed).
 */
final class EventInputs {

	static final int MAX_KEY_LENGTH = LockProvider.MAX_KEY_LENGTH;

	static final int MAX_OWNER_LENGTH = LockProvider.MAX_OWNER_LENGTH;

	/** The longest TTL a lock may have: 100 years. */
	static final Duration MAX_TTL = Duration.ofDays(36_500);

	/** Generous: the longest message a rejection may have, however large the payload. */
	static final int MAX_MESSAGE_LENGTH = 400;

	private static final String BLANKS = " \t\u00A0\u2007\u202F\u200B\u2060\uFEFF\u3000";

	private EventInputs() {
	}

	/** Code points of well-formed text, with delimiters, quotes, escapes and blanks more often than chance. */
	static Arbitrary<Integer> codePoints() {
		return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.integers().between(0x21, 0x7E)),
				Tuple.of(2, Arbitraries.of((int) ':', (int) '"', (int) '\\', (int) '{', (int) '}', (int) ',')),
				Tuple.of(2, Arbitraries.integers().between(0, 0xD7FF)),
				Tuple.of(1, Arbitraries.integers().between(0xE000, 0xFFFF)),
				Tuple.of(2, Arbitraries.integers().between(0x10000, Character.MAX_CODE_POINT)),
				Tuple.of(1, Arbitraries.of(BLANKS.chars().boxed().toList())));
	}

	/** Well-formed text of {@code min} to {@code max} code points, not blank. */
	static Arbitrary<String> texts(int min, int max) {
		return codePoints().list().ofMinSize(min).ofMaxSize(max).map(EventInputs::string)
			.filter((text) -> !UntrustedText.isBlank(text));
	}

	/** Keys up to the limit, short ones most often. */
	static Arbitrary<String> keys() {
		return Arbitraries.frequencyOf(Tuple.of(8, texts(1, 40)),
				Tuple.of(1, texts(1, MAX_KEY_LENGTH / 2).filter((key) -> key.length() <= MAX_KEY_LENGTH)));
	}

	/** Owners up to the limit. */
	static Arbitrary<String> owners() {
		return texts(1, MAX_OWNER_LENGTH / 2).filter((owner) -> owner.length() <= MAX_OWNER_LENGTH);
	}

	/** Instance ids. */
	static Arbitrary<String> origins() {
		return texts(1, 60);
	}

	/** TTLs from a millisecond to 100 years, or none. */
	static Arbitrary<@Nullable Duration> ttls() {
		Arbitrary<Duration> ttl = Arbitraries.frequencyOf(
				Tuple.of(4, Arbitraries.longs().between(1, 3_600_000).map(Duration::ofMillis)),
				Tuple.of(1, Arbitraries.longs().between(1, MAX_TTL.toNanos()).map(Duration::ofNanos)),
				Tuple.of(1, Arbitraries.just(MAX_TTL)));
		return ttl.injectNull(0.2);
	}

	/** Fencing tokens: none, small or any positive long. */
	static Arbitrary<Long> tokens() {
		return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0L)),
				Tuple.of(2, Arbitraries.longs().between(1, 1000)),
				Tuple.of(2, Arbitraries.longs().between(1, Long.MAX_VALUE)));
	}

	/** What a lock event is made of; {@link #event} makes it with a lock of a provider. */
	record EventSpec(int type, String key, String owner, @Nullable Duration ttl, long lockToken, String origin,
			long token, Duration refreshedTtl, boolean released, LockLostEvent.Detection detection, String errorType,
			@Nullable String errorMessage) {

		LockEvent event(LockProvider provider) {
			Lock lock = provider.restore(new LockHandle(provider.getNamespace().root(), this.key, this.owner,
					Expiry.ofNullable(this.ttl), this.lockToken));
			return switch (this.type) {
				case 0 -> new LockAcquiredEvent(lock, this.origin, this.token);
				case 1 -> new LockUnavailableEvent(lock, this.origin);
				case 2 -> new LockReleasedEvent(lock, this.origin, this.token);
				case 3 -> new LockReleaseFailedEvent(lock, this.origin);
				case 4 -> new LockRefreshedEvent(lock, this.origin, this.refreshedTtl, this.token);
				case 5 -> new LockRefreshFailedEvent(lock, this.origin);
				case 6 -> new LockForceReleasedEvent(lock, this.origin, this.released);
				case 7 -> new LockUnexpectedErrorEvent(lock, this.origin,
						new RemoteLockException(this.errorType, this.errorMessage));
				default -> new LockLostEvent(lock, this.origin, this.token, this.detection);
			};
		}

	}

	/** Valid events of all nine types. */
	static Arbitrary<EventSpec> events() {
		Arbitrary<Duration> refreshedTtl = ttls().filter((ttl) -> ttl != null);
		Arbitrary<String> errorType = texts(1, 80);
		Arbitrary<@Nullable String> errorMessage = texts(1, 200).injectNull(0.2);
		return Combinators
			.combine(Arbitraries.integers().between(0, 8), keys(), owners(), ttls(), tokens(), origins(), tokens(),
					refreshedTtl)
			.flatAs((type, key, owner, ttl, lockToken, origin, token, refreshed) -> Combinators
				.combine(Arbitraries.of(true, false), Arbitraries.of(LockLostEvent.Detection.class), errorType,
						// A backend's message may quote the owner; the codec must not send it on.
						Arbitraries.oneOf(errorMessage, errorMessage.map((message) -> message + " " + owner + " " + message)))
				.as((released, detection, error, message) -> new EventSpec(type, key, owner, ttl, lockToken, origin,
						token, refreshed, released, detection, error, message)));
	}

	/** A JSON value of any of the payload's types, or none of them. */
	static Arbitrary<@Nullable Object> anyValue() {
		return Arbitraries.frequencyOf(Tuple.of(3, texts(0, 20).map((text) -> (Object) text)),
				Tuple.of(2, Arbitraries.longs().map((number) -> (Object) number)),
				Tuple.of(1, Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map((bool) -> (Object) bool)),
				Tuple.of(1, Arbitraries.<@Nullable Object>just(null)),
				Tuple.of(1, Arbitraries.of("", " ", "\u00A0", "\u200B", "PT0S", "-PT1S", "PT1000000H", "P36501D",
						"\uD800", "x\uDFFF", "0123456789abcdef", "0123456789ABCDEF", "acquired", "lost", "renewal-failed")
					.map((text) -> (Object) text)));
	}

	/** The ways to spoil a valid payload: each takes the payload's fields and returns the text to decode. */
	static Arbitrary<Spoiler> spoilers() {
		Arbitrary<Spoiler> truncate = Arbitraries.integers().between(0, 10_000)
			.map((at) -> (fields) -> {
				String json = FlatJson.write(fields);
				return json.substring(0, at % json.length());
			});
		Arbitrary<Spoiler> retype = Combinators.combine(Arbitraries.integers().between(0, 100), anyValue())
			.as((index, value) -> (fields) -> FlatJson.write(with(fields, index, value)));
		Arbitrary<Spoiler> oversize = Combinators
			.combine(Arbitraries.integers().between(0, 100), Arbitraries.integers().between(MAX_OWNER_LENGTH, 60_000),
					codePoints())
			.as((index, length, codePoint) -> (fields) -> FlatJson
				.write(with(fields, index, Character.toString(codePoint).repeat(Math.max(1, length / 2)))));
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
		return Arbitraries.oneOf(truncate, retype, oversize, remove, add, change, insert);
	}

	/** Text that is not even near a payload: any characters, any length, JSON-ish fragments. */
	static Arbitrary<String> garbage() {
		return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(300),
				Arbitraries.strings().withChars("{}[]\":,\\ntrufalse0123456789-.").ofMaxLength(200),
				Arbitraries.of("", "{}", "null", "[]", "{\"v\":2}", "{\"v\":3}", "{\"v\":1}", "\"text\"", "42", "true",
						"{\"v\":2,\"v\":3}", "{\"v\":9223372036854775807}", "{\"v\":-0}"));
	}

	/** Bytes that are not UTF-8. */
	static Arbitrary<byte[]> notUtf8() {
		return Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(50)
			.map((bytes) -> {
				bytes[0] = (byte) 0xC3;
				if (bytes.length > 1) {
					bytes[1] = (byte) 0x28;
				}
				return bytes;
			});
	}

	/** Spoils a payload given as its fields. */
	@FunctionalInterface
	interface Spoiler {

		String spoil(Map<String, @Nullable Object> fields);

	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	private static Map<String, @Nullable Object> with(Map<String, @Nullable Object> fields, int index,
			@Nullable Object value) {
		Map<String, @Nullable Object> changed = new LinkedHashMap<>(fields);
		List<String> names = new ArrayList<>(fields.keySet());
		changed.put(names.get(index % names.size()), value);
		return changed;
	}

	private static String string(List<Integer> codePoints) {
		StringBuilder text = new StringBuilder();
		codePoints.forEach(text::appendCodePoint);
		return text.toString();
	}

}
