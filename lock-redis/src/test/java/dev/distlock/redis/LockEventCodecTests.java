package dev.distlock.redis;

import java.time.Duration;
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
import dev.distlock.event.LockRefreshFailedEvent;
import dev.distlock.event.LockRefreshedEvent;
import dev.distlock.event.LockReleaseFailedEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.event.LockUnavailableEvent;
import dev.distlock.event.LockUnexpectedErrorEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The events' text form on the Redis channel: every event type survives the trip, and nothing else decodes. */
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
		List<LockEvent> events = List.of(new LockAcquiredEvent(this.lock, "sender-1"),
				new LockUnavailableEvent(this.lock, "sender-1"), new LockReleasedEvent(this.lock, "sender-1"),
				new LockReleaseFailedEvent(this.lock, "sender-1"),
				new LockRefreshedEvent(this.lock, "sender-1", Duration.ofMinutes(2)),
				new LockRefreshFailedEvent(this.lock, "sender-1"),
				new LockForceReleasedEvent(this.lock, "sender-1", true),
				new LockForceReleasedEvent(this.lock, "sender-1", false));

		for (LockEvent event : events) {
			LockEvent decoded = LockEventCodec.decode(LockEventCodec.encode(event), this.receiver);

			assertThat(decoded).as("%s", event).hasSameClassAs(event);
			assertThat(decoded.origin()).isEqualTo("sender-1");
			assertThat(decoded.lock()).isNotSameAs(this.lock);
			assertThat(decoded.lock().toHandle()).isEqualTo(this.lock.toHandle());
			if (event instanceof LockRefreshedEvent refreshed) {
				assertThat(((LockRefreshedEvent) decoded).ttl()).isEqualTo(refreshed.ttl());
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

		LockEvent decoded = LockEventCodec.decode(LockEventCodec.encode(new LockAcquiredEvent(held, "a")), receiving);

		assertThat(decoded.lock().release()).isTrue();
		assertThat(held.isExpired()).isTrue();
	}

	@Test
	void aLockWithoutExpiryTravelsWithANullTtl() {
		Lock forever = this.sender.create("forever", LockSettings.defaults().withOwner("o").withNoExpiry());

		String payload = LockEventCodec.encode(new LockAcquiredEvent(forever, "sender-1"));

		assertThat(payload).isEqualTo("{\"v\":1,\"type\":\"acquired\",\"origin\":\"sender-1\",\"namespace\":\"billing\","
				+ "\"key\":\"forever\",\"owner\":\"o\",\"ttl\":null}");
		assertThat(LockEventCodec.decode(payload, this.receiver).lock().getTtl()).isEmpty();
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

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = {
			"`not json`|not a flat JSON object",
			"`{\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + "}`|version 'v' is null",
			"`{\"v\":2,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + "}`|version 'v' is 2",
			"`{\"v\":\"1\",\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + "}`|version 'v' is \"1\", this",
			"`{\"v\":1,\"type\":\"exploded\",\"origin\":\"a\"," + HANDLE + "}`|unknown event type 'exploded'",
			"`{\"v\":1,\"origin\":\"a\"," + HANDLE + "}`|'type' is missing",
			"`{\"v\":1,\"type\":\"acquired\"," + HANDLE + "}`|'origin' is missing",
			"`{\"v\":1,\"type\":\"acquired\",\"origin\":\" \"," + HANDLE + "}`|'origin' must be a non-blank string",
			"`{\"v\":1,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"payroll\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null}`|namespace is 'payroll', not this provider's 'billing'",
			"`{\"v\":1,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":true,\"ttl\":null}`|'owner' must be a string",
			"`{\"v\":1,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\"}`|'ttl' is missing",
			"`{\"v\":1,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"soon\"}`|'ttl' must be an ISO-8601 duration",
			"`{\"v\":1,\"type\":\"acquired\",\"origin\":\"a\",\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"-PT1S\"}`|ttl must be positive",
			"`{\"v\":1,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + ",\"class\":\"java.lang.Runtime\"}`|unexpected field 'class'",
			"`{\"v\":1,\"type\":\"acquired\",\"origin\":\"a\"," + HANDLE + ",\"released\":true}`|unexpected field 'released'",
			"`{\"v\":1,\"type\":\"force-released\",\"origin\":\"a\"," + HANDLE + "}`|'released' is missing",
			"`{\"v\":1,\"type\":\"force-released\",\"origin\":\"a\"," + HANDLE + ",\"released\":\"yes\"}`|'released' must be true or false",
			"`{\"v\":1,\"type\":\"refreshed\",\"origin\":\"a\"," + HANDLE + ",\"refreshedTtl\":null}`|'refreshedTtl' must not be null",
			"`{\"v\":1,\"type\":\"unexpected-error\",\"origin\":\"a\"," + HANDLE + ",\"errorMessage\":\"m\"}`|'errorType' is missing" })
	void anythingButALockEventOfThisNamespaceIsRejectedSayingWhy(String payload, String problem) {
		assertThatIllegalArgumentException().isThrownBy(() -> LockEventCodec.decode(payload, this.receiver))
			.withMessageContaining(problem);
	}

}
