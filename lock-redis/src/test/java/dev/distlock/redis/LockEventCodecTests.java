package dev.distlock.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import dev.distlock.BlockingSettings;
import dev.distlock.DefaultLockProvider;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.LockState;
import dev.distlock.OwnerFingerprint;
import dev.distlock.adapter.MemoryLockAdapter;
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
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The events' text form on the Redis channel: every event type survives the trip with its tokens, with the owner or
 * (by default) only its fingerprint, payloads of older versions still decode, and nothing else does.
 */
class LockEventCodecTests {

	private final DefaultLockProvider sender = LockProvider.builder(new MemoryLockAdapter())
		.namespace("billing")
		.instanceId("sender-1")
		.build();

	private final DefaultLockProvider receiver = LockProvider.builder(new MemoryLockAdapter())
		.namespace("billing")
		.instanceId("receiver-1")
		.build();

	private final Lock lock = this.sender.create("invoice:42",
			LockSettings.defaults().withOwner("web-1").withTtl(Duration.ofSeconds(30)));

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
	void withOwnersEveryEventTypeArrivesWithItsValuesOriginAndARestoredLock() {
		assertThat(this.lock.acquire()).isTrue();
		long token = this.lock.getFencingToken().orElseThrow();

		for (LockEvent event : everyEventType(token)) {
			String payload = LockEventCodec.encode(event, true);
			LockEvent decoded = LockEventCodec.decode(payload, this.receiver);

			assertThat(payload).startsWith("{\"v\":2,").contains("\"owner\":\"web-1\"");
			assertThat(decoded.lock()).isNotSameAs(this.lock).isNotInstanceOf(OwnerlessLock.class);
			assertThat(decoded.lock().toHandle()).isEqualTo(this.lock.toHandle());
			assertSameEvent(decoded, event, token);
		}
	}

	@Test
	void byDefaultEveryEventTypeArrivesWithTheOwnersFingerprintOnly() {
		assertThat(this.lock.acquire()).isTrue();
		long token = this.lock.getFencingToken().orElseThrow();

		for (LockEvent event : everyEventType(token)) {
			String payload = LockEventCodec.encode(event, false);
			LockEvent decoded = LockEventCodec.decode(payload, this.receiver);

			assertThat(payload).startsWith("{\"v\":3,")
				.contains("\"ownerFingerprint\":\"" + OwnerFingerprint.of("web-1") + "\"")
				.doesNotContain("web-1");
			assertThat(decoded.lock()).isInstanceOf(OwnerlessLock.class);
			assertThat(decoded.lock().getOwner()).isEqualTo(OwnerFingerprint.of("web-1"));
			assertThat(decoded.lock().getKey()).isEqualTo("invoice:42");
			assertThat(decoded.lock().getTtl()).hasValue(Duration.ofSeconds(30));
			assertSameEvent(decoded, event, token);
		}
	}

	private static void assertSameEvent(LockEvent decoded, LockEvent event, long token) {
		assertThat(decoded).as("%s", event).hasSameClassAs(event);
		assertThat(decoded.origin()).isEqualTo("sender-1");
		assertThat(decoded.lock().getFencingToken()).hasValue(token);
		if (event instanceof LockRefreshedEvent refreshed) {
			assertThat(((LockRefreshedEvent) decoded).ttl()).isEqualTo(refreshed.ttl());
			assertThat(((LockRefreshedEvent) decoded).token()).isEqualTo(refreshed.token());
		}
		if (event instanceof LockAcquiredEvent acquired) {
			assertThat(((LockAcquiredEvent) decoded).token()).isEqualTo(acquired.token());
		}
		if (event instanceof LockReleasedEvent released) {
			assertThat(((LockReleasedEvent) decoded).token()).isEqualTo(released.token());
		}
		if (event instanceof LockLostEvent lost) {
			assertThat(decoded).isEqualTo(new LockLostEvent(decoded.lock(), "sender-1", token, lost.detection()));
		}
		if (event instanceof LockForceReleasedEvent forceReleased) {
			assertThat(((LockForceReleasedEvent) decoded).released()).isEqualTo(forceReleased.released());
		}
	}

	@Test
	void withOwnersTheRestoredLockBelongsToTheReceivingProvider() {
		MemoryLockAdapter shared = new MemoryLockAdapter();
		Lock held = LockProvider.builder(shared).namespace("billing").build().create("k");
		assertThat(held.acquire()).isTrue();
		LockProvider receiving = LockProvider.builder(shared).namespace("billing").build();

		LockEvent decoded = LockEventCodec.decode(
				LockEventCodec.encode(new LockAcquiredEvent(held, "a", held.getFencingToken().orElseThrow()), true),
				receiving);

		assertThat(decoded.lock().release()).isTrue();
		assertThat(held.isExpired()).isTrue();
	}

	@Test
	void aLockThatCameWithItsFingerprintOnlyReadsTheKeyButCannotReleaseRefreshOrTakeIt() {
		MemoryLockAdapter shared = new MemoryLockAdapter();
		DefaultLockProvider sending = LockProvider.builder(shared).namespace("billing").build();
		Lock held = sending.create("k", LockSettings.defaults().withOwner("web-1").withTtl(Duration.ofMinutes(1)));
		assertThat(held.acquire()).isTrue();
		long token = held.getFencingToken().orElseThrow();
		List<LockEvent> firedByReceiver = new ArrayList<>();
		DefaultLockProvider receiving = LockProvider.builder(shared).namespace("billing").build();
		receiving.addListener(firedByReceiver::add);

		Lock received = LockEventCodec
			.decode(LockEventCodec.encode(new LockAcquiredEvent(held, "a", token), false), receiving)
			.lock();

		assertThat(received.getOwner()).isEqualTo(OwnerFingerprint.of("web-1")).hasSize(16);
		assertThat(received.isLocked()).isTrue();
		assertThat(received.isExpired()).isFalse();
		assertThat(received.getState()).isInstanceOf(LockState.Unavailable.class);
		assertThat(received.getRemainingTime()).isEmpty();
		assertThat(received.getFencingToken()).hasValue(token);
		assertThat(received.isLost()).isFalse();
		assertThat(received).hasToString("Lock[key=k, ownerFingerprint=" + OwnerFingerprint.of("web-1")
				+ ", ttl=PT1M, received without its owner]");
		List<ThrowingCallable> ownersWork = List.of(received::acquire, received::acquireOrFail,
				received::acquireBlocking, () -> received.acquireBlocking(BlockingSettings.DEFAULTS),
				received::acquireBlockingOrFail, () -> received.acquireBlockingOrFail(BlockingSettings.DEFAULTS),
				received::release, received::releaseOrFail, received::forceRelease, received::refresh,
				() -> received.refresh(Duration.ofHours(1)), received::refreshOrFail,
				() -> received.refreshOrFail(Duration.ofHours(1)), received::toHandle,
				() -> received.releaseAfterWork("result"), () -> received.releaseAfterFailure(new RuntimeException()),
				() -> received.run(() -> "work"), () -> received.run(() -> { }), () -> received.runOrFail(() -> "work"),
				() -> received.runOrFail(() -> { }), () -> received.runBlocking(() -> "work"),
				() -> received.runBlocking(() -> { }), () -> received.runBlocking(() -> "work", BlockingSettings.DEFAULTS),
				() -> received.runBlocking(() -> { }, BlockingSettings.DEFAULTS),
				() -> received.runBlockingOrFail(() -> "work"), () -> received.runBlockingOrFail(() -> { }),
				() -> received.runBlockingOrFail(() -> "work", BlockingSettings.DEFAULTS),
				() -> received.runBlockingOrFail(() -> { }, BlockingSettings.DEFAULTS));
		for (ThrowingCallable work : ownersWork) {
			assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(work)
				.withMessageContaining("sent its owner's fingerprint, not the owner")
				.withMessageNotContaining("web-1");
		}

		assertThat(firedByReceiver).as("nothing reached the backend").isEmpty();
		assertThat(held.getRemainingTime()).as("still held by its owner, untouched")
			.hasValueSatisfying((remaining) -> assertThat(remaining).isGreaterThan(Duration.ofSeconds(50)));
		assertThat(held.getFencingToken()).hasValue(token);
		assertThat(held.release()).isTrue();
	}

	@Test
	void aLockThatCameWithItsFingerprintOnlyIsSentOnWithItsFingerprint() {
		Lock received = LockEventCodec
			.decode(LockEventCodec.encode(new LockAcquiredEvent(this.lock, "sender-1", 7), false), this.receiver)
			.lock();

		String again = LockEventCodec.encode(new LockUnavailableEvent(received, "receiver-1"), true);

		assertThat(again).isEqualTo("{\"v\":3,\"type\":\"unavailable\",\"origin\":\"receiver-1\","
				+ "\"namespace\":\"billing\",\"key\":\"invoice:42\",\"ownerFingerprint\":\""
				+ OwnerFingerprint.of("web-1") + "\",\"ttl\":\"PT30S\",\"lockToken\":0}");
	}

	@Test
	void anErrorMessageNeverCarriesTheOwnerUnlessOwnersAreIncluded() {
		LockEvent event = new LockUnexpectedErrorEvent(this.lock, "sender-1",
				new IllegalStateException("lock invoice:42 of web-1 timed out"));

		assertThat(LockEventCodec.encode(event, false)).doesNotContain("web-1")
			.contains("\"errorMessage\":\"lock invoice:42 of " + OwnerFingerprint.of("web-1") + " timed out\"");
		assertThat(LockEventCodec.encode(event, true)).contains("\"errorMessage\":\"lock invoice:42 of web-1 timed out\"");
	}

	@Test
	void aLockWithoutExpiryTravelsWithANullTtl() {
		Lock forever = this.sender.create("forever", LockSettings.defaults().withOwner("o").withNoExpiry());

		String payload = LockEventCodec.encode(new LockAcquiredEvent(forever, "sender-1", 1712345678901234L), true);

		assertThat(payload).isEqualTo("{\"v\":2,\"type\":\"acquired\",\"origin\":\"sender-1\",\"namespace\":\"billing\","
				+ "\"key\":\"forever\",\"owner\":\"o\",\"ttl\":null,\"lockToken\":0,\"token\":1712345678901234}");
		assertThat(LockEventCodec.decode(payload, this.receiver).lock().getTtl()).isEmpty();
		assertThat(LockEventCodec.decode(LockEventCodec.encode(new LockAcquiredEvent(forever, "sender-1", 1), false),
				this.receiver).lock().getTtl()).isEmpty();
	}

	@Test
	void aLostEventTravelsWithItsTokenAndDetection() {
		String payload = LockEventCodec.encode(new LockLostEvent(this.lock, "sender-1", Long.MAX_VALUE,
				LockLostEvent.Detection.RENEWAL_FAILED), false);

		assertThat(payload).endsWith(",\"token\":" + Long.MAX_VALUE + ",\"detection\":\"renewal-failed\"}");
		assertThat(LockEventCodec.decode(payload, this.receiver)).isInstanceOfSatisfying(LockLostEvent.class,
				(lost) -> {
					assertThat(lost.token()).isEqualTo(Long.MAX_VALUE);
					assertThat(lost.detection()).isEqualTo(LockLostEvent.Detection.RENEWAL_FAILED);
				});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "acquired|0", "released|0", "unavailable|-1", "force-released|-1" })
	void payloadsOfVersionOneWithoutTokensStillArriveWithTokenZero(String type, long token) {
		String payload = "{\"v\":1,\"type\":\"" + type + "\",\"origin\":\"old-1\"," + HANDLE
				+ (type.equals("force-released") ? ",\"released\":true" : "") + "}";

		LockEvent decoded = LockEventCodec.decode(payload, this.receiver);

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
		LockEvent decoded = LockEventCodec.decode("{\"v\":1,\"type\":\"refreshed\",\"origin\":\"old-1\"," + HANDLE
				+ ",\"refreshedTtl\":\"PT1M\"}", this.receiver);

		assertThat(decoded).isInstanceOfSatisfying(LockRefreshedEvent.class, (refreshed) -> {
			assertThat(refreshed.token()).isZero();
			assertThat(refreshed.ttl()).isEqualTo(Duration.ofMinutes(1));
		});
	}

	@Test
	void anUnexpectedErrorTravelsAsItsTypeAndMessageOnly() {
		LockEvent event = new LockUnexpectedErrorEvent(this.lock, "sender-1",
				new IllegalStateException("connection refused"));

		LockUnexpectedErrorEvent decoded = (LockUnexpectedErrorEvent) LockEventCodec
			.decode(LockEventCodec.encode(event, false), this.receiver);

		assertThat(decoded.error()).isInstanceOfSatisfying(RemoteLockException.class, (error) -> {
			assertThat(error.getRemoteType()).isEqualTo("java.lang.IllegalStateException");
			assertThat(error.getRemoteMessage()).isEqualTo("connection refused");
			assertThat(error).hasMessage("java.lang.IllegalStateException: connection refused");
			assertThat(error.getStackTrace()).isEmpty();
			assertThat(error.getCause()).isNull();
		});
	}

	@Test
	void anErrorWithoutMessageAndAVeryLongMessageTravelToo() {
		LockUnexpectedErrorEvent silent = (LockUnexpectedErrorEvent) LockEventCodec.decode(
				LockEventCodec.encode(new LockUnexpectedErrorEvent(this.lock, "s", new RuntimeException()), false),
				this.receiver);
		assertThat(((RemoteLockException) silent.error()).getRemoteMessage()).isNull();
		assertThat(silent.error()).hasMessage("java.lang.RuntimeException");

		LockUnexpectedErrorEvent verbose = (LockUnexpectedErrorEvent) LockEventCodec.decode(
				LockEventCodec.encode(new LockUnexpectedErrorEvent(this.lock, "s", new RuntimeException("x".repeat(5000))),
						false),
				this.receiver);
		assertThat(((RemoteLockException) verbose.error()).getRemoteMessage())
			.hasSize(LockEventCodec.MAX_ERROR_MESSAGE + 1)
			.endsWith("x…");

		LockUnexpectedErrorEvent emoji = (LockUnexpectedErrorEvent) LockEventCodec.decode(
				LockEventCodec.encode(new LockUnexpectedErrorEvent(this.lock, "s", new RuntimeException("x" + "😀".repeat(600))),
						false),
				this.receiver);
		assertThat(((RemoteLockException) emoji.error()).getRemoteMessage()).as("cut between characters")
			.hasSize(LockEventCodec.MAX_ERROR_MESSAGE)
			.endsWith("😀…");
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
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"payroll\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null}`|namespace is 'payroll', not this provider's 'billing'",
			"`{\"v\":2,\"type\":\"unavailable\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"a\\nb\":1}`|unexpected field 'a\\u000Ab'",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"\\ud800\"," + HANDLE + TOKENS + ",\"token\":1}`|'origin' must be well-formed Unicode",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"\u00a0\u2007\u200b\"," + HANDLE + TOKENS + ",\"token\":1}`|'origin' must be a non-blank string",
			"`{\"v\":3,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null" + TOKENS + ",\"token\":1}`|'ownerFingerprint' is missing",
			"`{\"v\":3,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"ownerFingerprint\":\"ABCDEF0123456789\",\"ttl\":null" + TOKENS + ",\"token\":1}`|'ownerFingerprint' must be 16 lower-case hex digits",
			"`{\"v\":3,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"ownerFingerprint\":\"0123\",\"ttl\":null" + TOKENS + ",\"token\":1}`|'ownerFingerprint' must be 16 lower-case hex digits",
			"`{\"v\":3,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"ownerFingerprint\":\"0123456789abcdef\",\"owner\":\"o\",\"ttl\":null" + TOKENS + ",\"token\":1}`|unexpected field 'owner'",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ownerFingerprint\":\"0123456789abcdef\",\"ttl\":null" + TOKENS + ",\"token\":1}`|unexpected field 'ownerFingerprint'",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"PT1000000H\"" + TOKENS + ",\"token\":1}`|ttl must not exceed 36500 days",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":true,\"ttl\":null}`|'owner' must be a string",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\"}`|'ttl' is missing",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"soon\"}`|'ttl' must be an ISO-8601 duration",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"-PT1S\",\"lockToken\":0}`|ttl must be positive",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + "}`|'lockToken' is missing",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + ",\"lockToken\":-1}`|'lockToken' must be a whole number, 0 or more",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + ",\"lockToken\":\"7\"}`|'lockToken' must be a whole number",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + TOKENS + "}`|'token' is missing",
			"`{\"v\":2,\"type\":\"released\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"token\":null}`|'token' must be a whole number",
			"`{\"v\":2,\"type\":\"refreshed\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"refreshedTtl\":\"PT1S\"}`|'token' is missing",
			"`{\"v\":2,\"type\":\"unavailable\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"token\":5}`|unexpected field 'token'",
			"`{\"v\":2,\"type\":\"lost\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"token\":5}`|'detection' is missing",
			"`{\"v\":2,\"type\":\"lost\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"token\":5,\"detection\":\"RENEWAL\"}`|unknown detection 'RENEWAL'",
			"`{\"v\":1,\"type\":\"lost\",\"origin\":\"a\"," + HANDLE + ",\"token\":5,\"detection\":\"renewal\"}`|event type 'lost' is not in version 1",
			"`{\"v\":1,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + ",\"token\":5}`|unexpected field 'token'",
			"`{\"v\":1,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + TOKENS + "}`|unexpected field 'lockToken'",
			"`{\"v\":2,\"type\":\"unavailable\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"class\":\"java.lang.Runtime\"}`|unexpected field 'class'",
			"`{\"v\":2,\"type\":\"unavailable\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"released\":true}`|unexpected field 'released'",
			"`{\"v\":2,\"type\":\"force-released\",\"origin\":\"a\"," + HANDLE + TOKENS + "}`|'released' is missing",
			"`{\"v\":2,\"type\":\"force-released\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"released\":\"yes\"}`|'released' must be true or false",
			"`{\"v\":2,\"type\":\"refreshed\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"refreshedTtl\":null}`|'refreshedTtl' must not be null",
			"`{\"v\":2,\"type\":\"refreshed\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"refreshedTtl\":\"PT0S\",\"token\":1}`|'refreshedTtl' must be positive, was PT0S",
			"`{\"v\":2,\"type\":\"refreshed\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"refreshedTtl\":\"-PT5S\",\"token\":1}`|'refreshedTtl' must be positive, was PT-5S",
			"`{\"v\":2,\"type\":\"refreshed\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"refreshedTtl\":\"PT1000000H\",\"token\":1}`|'refreshedTtl' must not exceed 36500 days (100 years), was PT1000000H",
			"`{\"v\":2,\"type\":\"refreshed\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"refreshedTtl\":\"P\\n1D\",\"token\":1}`|'refreshedTtl' must be an ISO-8601 duration, was 'P\\u000A1D'",
			"`{\"v\":2,\"type\":\"unexpected-error\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"errorMessage\":\"m\"}`|'errorType' is missing" })
	void anythingButALockEventOfThisNamespaceIsRejectedSayingWhy(String payload, String problem) {
		assertThatIllegalArgumentException().isThrownBy(() -> LockEventCodec.decode(payload, this.receiver))
			.withMessageContaining(problem);
	}

	static Stream<Arguments> oversizedValues() {
		return Stream.of(
				Arguments.of("{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"" + LONG + "\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null}", "namespace is 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn'…, not"),
				Arguments.of("{\"v\":2,\"type\":\"" + LONG + "\",\"origin\":\"a\"," + HANDLE + TOKENS + "}", "unknown event type 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn'…"),
				Arguments.of("{\"v\":2,\"type\":\"unavailable\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"" + LONG + "\":1}", "unexpected field 'nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn'…"),
				Arguments.of("{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"PT" + LONG_DIGITS + "S\"" + TOKENS + ",\"token\":1}", "'ttl' must be an ISO-8601 duration, has 1003 characters"),
				Arguments.of("{\"v\":2,\"type\":\"unexpected-error\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"errorType\":\"x\",\"errorMessage\":\"" + "m".repeat(1002) + "\"}", "'errorMessage' must not be longer than 1001 characters, has 1002"));
	}

	@ParameterizedTest
	@MethodSource("oversizedValues")
	void oversizedValuesAreRejectedQuotingAShortPrefixAtMost(String payload, String problem) {
		assertThatIllegalArgumentException().isThrownBy(() -> LockEventCodec.decode(payload, this.receiver))
			.withMessageContaining(problem)
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(200));
	}

}
