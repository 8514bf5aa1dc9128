package dev.distlock.codec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.Namespace;
import dev.distlock.OwnerFingerprint;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.codec.LockJson.EventError;
import dev.distlock.codec.LockJson.EventLock;
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

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The events' JSON form: every event type survives the trip with its values and tokens, with the owner (version 2)
 * or only its fingerprint (version 3), in exactly the bytes earlier instances wrote; payloads of version 1 still
 * read, and nothing else does. What the Redis bus adds (the owner-less lock, the remote error, the namespace) is
 * tested there.
 */
class LockJsonEventTests {

	private final LockProvider sender = LockProvider.builder(new MemoryLockAdapter())
		.namespace("billing")
		.instanceId("sender-1")
		.build();

	private final LockProvider receiver = LockProvider.builder(new MemoryLockAdapter())
		.namespace("billing")
		.instanceId("receiver-1")
		.build();

	private final Lock lock = this.sender.create("invoice:42",
			LockSettings.defaults().withOwner("web-1").withTtl(Duration.ofSeconds(30)));

	/** The error as it arrived: only its values. */
	static final class Arrived extends RuntimeException {

		private static final long serialVersionUID = 1L;

		final transient EventError error;

		Arrived(EventError error) {
			super(error.type(), null, false, false);
			this.error = error;
		}

	}

	private static String encode(LockEvent event, boolean withOwner) {
		return LockJson.writeEvent(event, EventLock.of(event.lock().toHandle(), withOwner), EventError::of);
	}

	// A fingerprint stands in for the owner: enough for the codec's tests, the Redis bus wraps such a lock.
	private LockEvent decode(String json) {
		return LockJson.readEvent(json, (sent) -> this.receiver.restore(new LockHandle(sent.namespace(), sent.key(),
				(sent.owner() != null) ? sent.owner() : String.valueOf(sent.ownerFingerprint()), sent.expiry(),
				sent.token())), Arrived::new);
	}

	private List<LockEvent> everyEventType(long token) {
		List<LockEvent> events = new ArrayList<>(List.of(new LockAcquiredEvent(this.lock, "sender-1", token),
				new LockUnavailableEvent(this.lock, "sender-1"), new LockReleasedEvent(this.lock, "sender-1", token),
				new LockReleaseFailedEvent(this.lock, "sender-1"),
				new LockRefreshedEvent(this.lock, "sender-1", Duration.ofMinutes(2), token),
				new LockRefreshedEvent(this.lock, "sender-1", Duration.ofMinutes(2), 0),
				new LockRefreshFailedEvent(this.lock, "sender-1"),
				new LockForceReleasedEvent(this.lock, "sender-1", true),
				new LockForceReleasedEvent(this.lock, "sender-1", false),
				new LockUnexpectedErrorEvent(this.lock, "sender-1", new IllegalStateException("x"))));
		for (LockLostEvent.Detection detection : LockLostEvent.Detection.values()) {
			events.add(new LockLostEvent(this.lock, "sender-1", token, detection));
		}
		return events;
	}

	@Test
	void everyEventTypeArrivesWithItsValuesWithTheOwnerOrOnlyItsFingerprint() {
		assertThat(this.lock.acquire()).isTrue();
		long token = this.lock.getFencingToken().orElseThrow();

		for (boolean withOwner : List.of(true, false)) {
			for (LockEvent event : everyEventType(token)) {
				String payload = encode(event, withOwner);
				LockEvent decoded = decode(payload);

				if (withOwner) {
					assertThat(payload).startsWith("{\"v\":2,").contains("\"owner\":\"web-1\"");
					assertThat(decoded.lock().toHandle()).isEqualTo(this.lock.toHandle());
				}
				else {
					assertThat(payload).startsWith("{\"v\":3,")
						.contains("\"ownerFingerprint\":\"" + OwnerFingerprint.of("web-1") + "\"")
						.doesNotContain("web-1");
					assertThat(decoded.lock().getOwner()).isEqualTo(OwnerFingerprint.of("web-1"));
				}
				assertThat(decoded).as("%s", event).hasSameClassAs(event);
				assertThat(decoded.origin()).isEqualTo("sender-1");
				assertThat(decoded.lock().getKey()).isEqualTo("invoice:42");
				assertThat(decoded.lock().getExpiry()).isEqualTo(Expiry.after(Duration.ofSeconds(30)));
				assertThat(decoded.lock().getFencingToken()).hasValue(token);
				if (decoded instanceof LockUnexpectedErrorEvent error) {
					assertThat(((Arrived) error.error()).error)
						.isEqualTo(new EventError("java.lang.IllegalStateException", "x"));
				}
				else {
					// The records' other values: equal once the lock is the same.
					assertThat(decoded).isEqualTo(withLock(event, decoded.lock()));
				}
			}
		}
	}

	private static LockEvent withLock(LockEvent event, Lock lock) {
		if (event instanceof LockAcquiredEvent e) {
			return new LockAcquiredEvent(lock, e.origin(), e.token());
		}
		if (event instanceof LockUnavailableEvent e) {
			return new LockUnavailableEvent(lock, e.origin());
		}
		if (event instanceof LockReleasedEvent e) {
			return new LockReleasedEvent(lock, e.origin(), e.token());
		}
		if (event instanceof LockReleaseFailedEvent e) {
			return new LockReleaseFailedEvent(lock, e.origin());
		}
		if (event instanceof LockRefreshedEvent e) {
			return new LockRefreshedEvent(lock, e.origin(), e.ttl(), e.token());
		}
		if (event instanceof LockRefreshFailedEvent e) {
			return new LockRefreshFailedEvent(lock, e.origin());
		}
		if (event instanceof LockForceReleasedEvent e) {
			return new LockForceReleasedEvent(lock, e.origin(), e.released());
		}
		LockLostEvent e = (LockLostEvent) event;
		return new LockLostEvent(lock, e.origin(), e.token(), e.detection());
	}

	@Test
	void theFormIsTheOneEarlierInstancesWrite() {
		Lock forever = this.sender.create("forever", LockSettings.defaults().withOwner("o").withExpiry(Expiry.never()));

		String withOwner = encode(new LockAcquiredEvent(forever, "sender-1", 1712345678901234L), true);
		String withFingerprint = encode(new LockUnavailableEvent(this.lock, "receiver-1"), false);

		assertThat(withOwner).isEqualTo("{\"v\":2,\"type\":\"acquired\",\"origin\":\"sender-1\","
				+ "\"namespace\":\"billing\",\"key\":\"forever\",\"owner\":\"o\",\"ttl\":null,\"lockToken\":0,\"token\":1712345678901234}");
		assertThat(withFingerprint).isEqualTo("{\"v\":3,\"type\":\"unavailable\",\"origin\":\"receiver-1\","
				+ "\"namespace\":\"billing\",\"key\":\"invoice:42\",\"ownerFingerprint\":\""
				+ OwnerFingerprint.of("web-1") + "\",\"ttl\":\"PT30S\",\"lockToken\":0}");
		assertThat(decode(withOwner).lock().getExpiry()).isEqualTo(Expiry.never());
		assertThat(decode(encode(new LockAcquiredEvent(forever, "sender-1", 1), false)).lock().getExpiry())
			.isEqualTo(Expiry.never());
	}

	@Test
	void aLostEventTravelsWithItsTokenAndDetection() {
		String payload = encode(new LockLostEvent(this.lock, "sender-1", Long.MAX_VALUE,
				LockLostEvent.Detection.RENEWAL_FAILED), false);

		assertThat(payload).endsWith(",\"token\":" + Long.MAX_VALUE + ",\"detection\":\"renewal-failed\"}");
		assertThat(decode(payload)).isInstanceOfSatisfying(LockLostEvent.class, (lost) -> {
			assertThat(lost.token()).isEqualTo(Long.MAX_VALUE);
			assertThat(lost.detection()).isEqualTo(LockLostEvent.Detection.RENEWAL_FAILED);
		});
	}

	@Test
	void anErrorMessageNeverCarriesTheOwnerUnlessItTravels() {
		LockEvent event = new LockUnexpectedErrorEvent(this.lock, "sender-1",
				new IllegalStateException("lock invoice:42 of web-1 timed out"));

		assertThat(encode(event, false)).doesNotContain("web-1")
			.contains("\"errorType\":\"java.lang.IllegalStateException\",\"errorMessage\":\"lock invoice:42 of "
					+ OwnerFingerprint.of("web-1") + " timed out\"}");
		assertThat(encode(event, true)).contains("\"errorMessage\":\"lock invoice:42 of web-1 timed out\"");
	}

	@Test
	void anErrorWithoutMessageAndAVeryLongMessageTravelToo() {
		EventError silent = arrived(new RuntimeException());
		assertThat(silent).isEqualTo(new EventError("java.lang.RuntimeException", null));

		assertThat(arrived(new RuntimeException("x".repeat(5000))).message())
			.hasSize(LockJson.MAX_ERROR_MESSAGE + 1)
			.endsWith("x…");
		assertThat(arrived(new RuntimeException("x" + "😀".repeat(600))).message()).as("cut between characters")
			.hasSize(LockJson.MAX_ERROR_MESSAGE)
			.endsWith("😀…");
	}

	private EventError arrived(Throwable error) {
		LockEvent event = decode(encode(new LockUnexpectedErrorEvent(this.lock, "s", error), false));
		return ((Arrived) ((LockUnexpectedErrorEvent) event).error()).error;
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "acquired|0", "released|0", "unavailable|-1", "force-released|-1" })
	void payloadsOfVersionOneWithoutTokensStillArriveWithTokenZero(String type, long token) {
		LockEvent decoded = decode("{\"v\":1,\"type\":\"" + type + "\",\"origin\":\"old-1\"," + HANDLE
				+ (type.equals("force-released") ? ",\"released\":true" : "") + "}");

		assertThat(decoded.origin()).isEqualTo("old-1");
		assertThat(decoded.lock().getFencingToken()).isEmpty();
		if (decoded instanceof LockAcquiredEvent acquired) {
			assertThat(acquired.token()).isEqualTo(token);
		}
		if (decoded instanceof LockReleasedEvent released) {
			assertThat(released.token()).isEqualTo(token);
		}
	}

	@Test
	void aVersionOneRefreshedEventArrivesWithTokenZero() {
		LockEvent decoded = decode("{\"v\":1,\"type\":\"refreshed\",\"origin\":\"old-1\"," + HANDLE
				+ ",\"refreshedTtl\":\"PT1M\"}");

		assertThat(decoded).isInstanceOfSatisfying(LockRefreshedEvent.class, (refreshed) -> {
			assertThat(refreshed.token()).isZero();
			assertThat(refreshed.ttl()).isEqualTo(Duration.ofMinutes(1));
		});
	}

	@Test
	void anEventLockHasTheOwnerOrItsFingerprintAndValuesTheApiAccepts() {
		Expiry.Resolved never = Expiry.never();

		assertThatIllegalArgumentException()
			.isThrownBy(() -> new EventLock("b", "k", "o", "0123456789abcdef", never, 0))
			.withMessage("exactly one of owner and ownerFingerprint must be given");
		assertThatIllegalArgumentException().isThrownBy(() -> new EventLock("b", "k", null, null, never, 0))
			.withMessage("exactly one of owner and ownerFingerprint must be given");
		assertThatIllegalArgumentException().isThrownBy(() -> new EventLock("b", " ", "o", null, never, 0))
			.withMessage("key must not be null or blank");
		assertThatIllegalArgumentException().isThrownBy(() -> new EventLock("b", "k", "o", null, never, -1))
			.withMessage("token must not be negative, was -1");
	}

	private static final String HANDLE = "\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null";

	private static final String TOKENS = ",\"lockToken\":0";

	private static final String LONG = "n".repeat(2000);

	private static final String LONG_DIGITS = "9".repeat(1000);

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = {
			"`not json`|not a flat JSON object",
			"`{\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + "}`|'v' is missing",
			"`{\"v\":null,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + "}`|version 'v' is null",
			"`{\"v\":4,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + "}`|version 'v' is 4, this instance reads 1, 2 and 3",
			"`{\"v\":\"2\",\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + "}`|version 'v' is the string '2', this",
			"`{\"v\":2,\"type\":\"exploded\",\"origin\":\"a\"," + HANDLE + TOKENS + "}`|unknown event type 'exploded'",
			"`{\"v\":2,\"origin\":\"a\"," + HANDLE + "}`|'type' is missing",
			"`{\"v\":2,\"type\":\"acquired\"," + HANDLE + "}`|'origin' is missing",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\" \"," + HANDLE + "}`|'origin' must be a non-blank string",
			"`{\"v\":2,\"type\":\"unavailable\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"a\\nb\":1}`|unknown field 'a\\u000Ab'",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"\\ud800\"," + HANDLE + TOKENS + ",\"token\":1}`|'origin' must be well-formed Unicode",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"\u00a0\u2007\u200b\"," + HANDLE + TOKENS + ",\"token\":1}`|'origin' must be a non-blank string",
			"`{\"v\":3,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null" + TOKENS + ",\"token\":1}`|'ownerFingerprint' is missing",
			"`{\"v\":3,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"ownerFingerprint\":\"ABCDEF0123456789\",\"ttl\":null" + TOKENS + ",\"token\":1}`|ownerFingerprint must be 16 lower-case hex digits",
			"`{\"v\":3,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"ownerFingerprint\":\"0123\",\"ttl\":null" + TOKENS + ",\"token\":1}`|ownerFingerprint must be 16 lower-case hex digits",
			"`{\"v\":3,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"ownerFingerprint\":\"0123456789abcdef\",\"owner\":\"o\",\"ttl\":null" + TOKENS + ",\"token\":1}`|unknown field 'owner'",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ownerFingerprint\":\"0123456789abcdef\",\"ttl\":null" + TOKENS + ",\"token\":1}`|unknown field 'ownerFingerprint'",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"PT1000000H\"" + TOKENS + ",\"token\":1}`|ttl must not exceed 36500 days",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":true,\"ttl\":null}`|'owner' must be a string",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\"}`|'ttl' is missing",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"soon\"}`|'ttl' must be an ISO-8601 duration",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"-PT1S\",\"lockToken\":0}`|field 'ttl' must be positive, was '-PT1S'",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + "}`|'lockToken' is missing",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + ",\"lockToken\":-1}`|'lockToken' must be a whole number, 0 or more",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + ",\"lockToken\":\"7\"}`|'lockToken' must be a whole number",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + TOKENS + "}`|'token' is missing",
			"`{\"v\":2,\"type\":\"released\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"token\":null}`|'token' must be a whole number",
			"`{\"v\":2,\"type\":\"refreshed\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"refreshedTtl\":\"PT1S\"}`|'token' is missing",
			"`{\"v\":2,\"type\":\"unavailable\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"token\":5}`|unknown field 'token'",
			"`{\"v\":2,\"type\":\"lost\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"token\":5}`|'detection' is missing",
			"`{\"v\":2,\"type\":\"lost\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"token\":5,\"detection\":\"RENEWAL\"}`|unknown detection 'RENEWAL'",
			"`{\"v\":1,\"type\":\"lost\",\"origin\":\"a\"," + HANDLE + ",\"token\":5,\"detection\":\"renewal\"}`|event type 'lost' is not in version 1",
			"`{\"v\":1,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + ",\"token\":5}`|unknown field 'token'",
			"`{\"v\":1,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + TOKENS + "}`|unknown field 'lockToken'",
			"`{\"v\":2,\"type\":\"unavailable\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"class\":\"java.lang.Runtime\"}`|unknown field 'class'",
			"`{\"v\":2,\"type\":\"unavailable\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"released\":true}`|unknown field 'released'",
			"`{\"v\":2,\"type\":\"force-released\",\"origin\":\"a\"," + HANDLE + TOKENS + "}`|'released' is missing",
			"`{\"v\":2,\"type\":\"force-released\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"released\":\"yes\"}`|'released' must be true or false",
			"`{\"v\":2,\"type\":\"refreshed\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"refreshedTtl\":null}`|field 'refreshedTtl' must be an ISO-8601 duration string such as \"PT30S\", not null",
			"`{\"v\":2,\"type\":\"refreshed\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"refreshedTtl\":\"PT0S\",\"token\":1}`|field 'refreshedTtl' must be positive, was 'PT0S'",
			"`{\"v\":2,\"type\":\"refreshed\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"refreshedTtl\":\"-PT5S\",\"token\":1}`|field 'refreshedTtl' must be positive, was '-PT5S'",
			"`{\"v\":2,\"type\":\"refreshed\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"refreshedTtl\":\"PT1000000H\",\"token\":1}`|'refreshedTtl' must not exceed 36500 days (100 years), was PT1000000H",
			"`{\"v\":2,\"type\":\"refreshed\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"refreshedTtl\":\"P\\n1D\",\"token\":1}`|field 'refreshedTtl' must be an ISO-8601 duration such as \"PT30S\", was 'P\\u000A1D'",
			"`{\"v\":2,\"type\":\"unexpected-error\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"errorMessage\":\"m\"}`|'errorType' is missing" })
	void anythingButALockEventIsRejectedSayingWhy(String payload, String problem) {
		assertThatIllegalArgumentException().isThrownBy(() -> decode(payload))
			.withMessageContaining(problem);
	}

	static Stream<Arguments> oversizedValues() {
		return Stream.of(
				Arguments.of("{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"" + LONG + "\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null" + TOKENS + ",\"token\":1}", "namespace must be at most " + Namespace.MAX_ROOT_LENGTH + " characters, was 2000: 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn'…"),
				Arguments.of("{\"v\":2,\"type\":\"" + LONG + "\",\"origin\":\"a\"," + HANDLE + TOKENS + "}", "unknown event type 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn'…"),
				Arguments.of("{\"v\":2,\"type\":\"unavailable\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"" + LONG + "\":1}", "unknown field 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn'…"),
				Arguments.of("{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"PT" + LONG_DIGITS + "S\"" + TOKENS + ",\"token\":1}", "field 'ttl' must be an ISO-8601 duration such as \"PT30S\", was 'PT999999999999999999999999999999'…"),
				Arguments.of("{\"v\":2,\"type\":\"unexpected-error\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"errorType\":\"x\",\"errorMessage\":\"" + "m".repeat(1002) + "\"}", "'errorMessage' must not be longer than 1001 characters, has 1002"));
	}

	@ParameterizedTest
	@MethodSource("oversizedValues")
	void oversizedValuesAreRejectedQuotingAShortPrefixAtMost(String payload, String problem) {
		assertThatIllegalArgumentException().isThrownBy(() -> decode(payload))
			.withMessageContaining(problem)
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(200));
	}

}
