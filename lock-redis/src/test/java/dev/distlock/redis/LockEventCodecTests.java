package dev.distlock.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.distlock.DefaultLockProvider;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
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
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The events' text form on the Redis channel: every event type survives the trip with its tokens, payloads of the
 * version before tokens still decode, and nothing else does.
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

	@Test
	void everyEventTypeArrivesWithItsValuesOriginAndARestoredLock() {
		assertThat(this.lock.acquire()).isTrue();
		long token = this.lock.getFencingToken().orElseThrow();
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

		for (LockEvent event : events) {
			LockEvent decoded = LockEventCodec.decode(LockEventCodec.encode(event), this.receiver);

			assertThat(decoded).as("%s", event).hasSameClassAs(event);
			assertThat(decoded.origin()).isEqualTo("sender-1");
			assertThat(decoded.lock()).isNotSameAs(this.lock);
			assertThat(decoded.lock().toHandle()).isEqualTo(this.lock.toHandle());
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
	}

	@Test
	void theRestoredLockBelongsToTheReceivingProvider() {
		MemoryLockAdapter shared = new MemoryLockAdapter();
		Lock held = LockProvider.builder(shared).namespace("billing").build().create("k");
		assertThat(held.acquire()).isTrue();
		LockProvider receiving = LockProvider.builder(shared).namespace("billing").build();

		LockEvent decoded = LockEventCodec.decode(
				LockEventCodec.encode(new LockAcquiredEvent(held, "a", held.getFencingToken().orElseThrow())), receiving);

		assertThat(decoded.lock().release()).isTrue();
		assertThat(held.isExpired()).isTrue();
	}

	@Test
	void aLockWithoutExpiryTravelsWithANullTtl() {
		Lock forever = this.sender.create("forever", LockSettings.defaults().withOwner("o").withNoExpiry());

		String payload = LockEventCodec.encode(new LockAcquiredEvent(forever, "sender-1", 1712345678901234L));

		assertThat(payload).isEqualTo("{\"v\":2,\"type\":\"acquired\",\"origin\":\"sender-1\",\"namespace\":\"billing\","
				+ "\"key\":\"forever\",\"owner\":\"o\",\"ttl\":null,\"lockToken\":0,\"token\":1712345678901234}");
		assertThat(LockEventCodec.decode(payload, this.receiver).lock().getTtl()).isEmpty();
	}

	@Test
	void aLostEventTravelsWithItsTokenAndDetection() {
		String payload = LockEventCodec.encode(new LockLostEvent(this.lock, "sender-1", Long.MAX_VALUE,
				LockLostEvent.Detection.RENEWAL_FAILED));

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
			.decode(LockEventCodec.encode(event), this.receiver);

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
				LockEventCodec.encode(new LockUnexpectedErrorEvent(this.lock, "s", new RuntimeException())),
				this.receiver);
		assertThat(((RemoteLockException) silent.error()).getRemoteMessage()).isNull();
		assertThat(silent.error()).hasMessage("java.lang.RuntimeException");

		LockUnexpectedErrorEvent verbose = (LockUnexpectedErrorEvent) LockEventCodec.decode(
				LockEventCodec.encode(new LockUnexpectedErrorEvent(this.lock, "s", new RuntimeException("x".repeat(5000)))),
				this.receiver);
		assertThat(((RemoteLockException) verbose.error()).getRemoteMessage())
			.hasSize(LockEventCodec.MAX_ERROR_MESSAGE + 1)
			.endsWith("x…");
	}

	private static final String HANDLE = "\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null";

	private static final String TOKENS = ",\"lockToken\":0";

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = {
			"`not json`|not a flat JSON object",
			"`{\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + "}`|'v' is missing",
			"`{\"v\":null,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + "}`|version 'v' is null",
			"`{\"v\":3,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + "}`|version 'v' is 3, this instance reads 1 and 2",
			"`{\"v\":\"2\",\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + "}`|version 'v' is \"2\", this",
			"`{\"v\":2,\"type\":\"exploded\",\"origin\":\"a\"," + HANDLE + TOKENS + "}`|unknown event type 'exploded'",
			"`{\"v\":2,\"origin\":\"a\"," + HANDLE + "}`|'type' is missing",
			"`{\"v\":2,\"type\":\"acquired\"," + HANDLE + "}`|'origin' is missing",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\" \"," + HANDLE + "}`|'origin' must be a non-blank string",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"payroll\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null}`|namespace is 'payroll', not this provider's 'billing'",
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
			"`{\"v\":2,\"type\":\"unexpected-error\",\"origin\":\"a\"," + HANDLE + TOKENS + ",\"errorMessage\":\"m\"}`|'errorType' is missing" })
	void anythingButALockEventOfThisNamespaceIsRejectedSayingWhy(String payload, String problem) {
		assertThatIllegalArgumentException().isThrownBy(() -> LockEventCodec.decode(payload, this.receiver))
			.withMessageContaining(problem);
	}

}
