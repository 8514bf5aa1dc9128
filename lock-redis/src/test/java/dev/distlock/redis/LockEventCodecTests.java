package dev.distlock.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import dev.distlock.BlockingSettings;
import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.LockState;
import dev.distlock.OwnerFingerprint;
import dev.distlock.RemainingTime;
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
 * The events on the Redis channel: every event type arrives with a lock of the receiving provider, restored when the
 * owner came and owner-less by default, an error as a {@link RemoteLockException}, and only events of the provider's
 * namespace arrive. The form itself is tested in lock-core.
 */
class LockEventCodecTests {

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
			assertThat(decoded.lock().getExpiry()).isEqualTo(Expiry.after(Duration.ofSeconds(30)));
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
		LockProvider sending = LockProvider.builder(shared).namespace("billing").build();
		Lock held = sending.create("k", LockSettings.defaults().withOwner("web-1").withTtl(Duration.ofMinutes(1)));
		assertThat(held.acquire()).isTrue();
		long token = held.getFencingToken().orElseThrow();
		List<LockEvent> firedByReceiver = new ArrayList<>();
		LockProvider receiving = LockProvider.builder(shared).namespace("billing").build();
		receiving.addListener(firedByReceiver::add);

		Lock received = LockEventCodec
			.decode(LockEventCodec.encode(new LockAcquiredEvent(held, "a", token), false), receiving)
			.lock();

		assertThat(received.getOwner()).isEqualTo(OwnerFingerprint.of("web-1")).hasSize(16);
		assertThat(received.isLocked()).isTrue();
		assertThat(received.isExpired()).isFalse();
		assertThat(received.getState()).isInstanceOf(LockState.Unavailable.class);
		assertThat(received.getRemainingTime()).isEqualTo(RemainingTime.notHeld());
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
			.isInstanceOfSatisfying(RemainingTime.ExpiresIn.class,
					(remaining) -> assertThat(remaining.remaining()).isGreaterThan(Duration.ofSeconds(50)));
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
	void aRemoteErrorIsSentOnAsTheRemoteOneItStandsFor() {
		LockEvent event = new LockUnexpectedErrorEvent(this.lock, "receiver-1",
				new RemoteLockException("java.io.IOException", null));

		assertThat(LockEventCodec.encode(event, false))
			.endsWith(",\"errorType\":\"java.io.IOException\",\"errorMessage\":null}");
		LockUnexpectedErrorEvent decoded = (LockUnexpectedErrorEvent) LockEventCodec
			.decode(LockEventCodec.encode(event, false), this.receiver);
		assertThat(decoded.error()).isInstanceOfSatisfying(RemoteLockException.class, (error) -> {
			assertThat(error.getRemoteType()).isEqualTo("java.io.IOException");
			assertThat(error.getRemoteMessage()).isNull();
			assertThat(error).hasMessage("java.io.IOException");
		});
	}

	private static final String HANDLE = "\"namespace\":\"payroll\",\"key\":\"k\",\"ttl\":null,\"lockToken\":0";

	private static final String FINGERPRINT = "\"ownerFingerprint\":\"0123456789abcdef\",";

	// What the codec refuses is tested in lock-core; the namespace is this bus's to check.
	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = {
			"`{\"v\":2,\"type\":\"unavailable\",\"origin\":\"a\",\"owner\":\"o\"," + HANDLE + "}`",
			"`{\"v\":3,\"type\":\"unavailable\",\"origin\":\"a\"," + FINGERPRINT + HANDLE + "}`" })
	void aLockEventOfAnotherNamespaceIsRejectedSayingWhy(String payload) {
		assertThatIllegalArgumentException().isThrownBy(() -> LockEventCodec.decode(payload, this.receiver))
			.withMessage("namespace is 'payroll', not this provider's 'billing'");
	}

	@Test
	void whatTheCodecRefusesIsRejectedWithItsMessage() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LockEventCodec.decode("{\"v\":4}", this.receiver))
			.withMessage("version 'v' is 4, this instance reads 1, 2 and 3");
	}

}
