package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.OwnerFingerprint;
import dev.distlock.UntrustedText;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.codec.FlatJson;
import dev.distlock.codec.LockJson;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockForceReleasedEvent;
import dev.distlock.event.LockLostEvent;
import dev.distlock.event.LockRefreshedEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.event.LockUnexpectedErrorEvent;
import dev.distlock.redis.EventInputs.EventSpec;
import dev.distlock.redis.EventInputs.Spoiler;

/**
 * The event codec against generated input: every event of every type, with keys, owners and TTLs from all of Unicode,
 * survives the trip (with its owner, or by default its owner's fingerprint and never the owner); and whatever else
 * arrives, garbage, a truncated, retyped, oversized, shortened, lengthened or altered payload, decoding either throws
 * an {@link IllegalArgumentException} with a short message that never holds the owner, or yields an event whose every
 * value the API would accept.
 */
class LockEventCodecPropertyTests {

	private static final String NAMESPACE = "billing";

	private static final MemoryLockAdapter backend = new MemoryLockAdapter();

	private static final LockProvider sender = LockProvider.builder(backend)
		.namespace(NAMESPACE)
		.instanceId("sender")
		.build();

	private static final LockProvider receiver = LockProvider.builder(backend)
		.namespace(NAMESPACE)
		.instanceId("receiver")
		.build();

	@Provide
	Arbitrary<EventSpec> events() {
		return EventInputs.events();
	}

	@Provide
	Arbitrary<Spoiler> spoilers() {
		return EventInputs.spoilers();
	}

	@Provide
	Arbitrary<String> garbage() {
		return EventInputs.garbage();
	}

	@Property(tries = 300)
	void withOwnersEveryEventArrivesWithAllItsValuesAndItsOwner(@ForAll("events") EventSpec spec) {
		LockEvent event = spec.event(sender);

		LockEvent decoded = LockEventCodec.decode(LockEventCodec.encode(event, true), receiver);

		assertSameEvent(decoded, event);
		assertThat(decoded.lock()).isNotInstanceOf(OwnerlessLock.class);
		assertThat(decoded.lock().getOwner()).isEqualTo(spec.owner());
		assertThat(decoded.lock().toHandle()).isEqualTo(event.lock().toHandle());
	}

	@Property(tries = 300)
	void byDefaultEveryEventArrivesWithItsOwnersFingerprintAndNeverTheOwner(@ForAll("events") EventSpec spec) {
		LockEvent event = spec.event(sender);

		String payload = LockEventCodec.encode(event, false);
		LockEvent decoded = LockEventCodec.decode(payload, receiver);

		Map<String, @Nullable Object> fields = FlatJson.read(payload);
		assertThat(fields).doesNotContainKey("owner").containsEntry("ownerFingerprint", OwnerFingerprint.of(spec.owner()));
		if (event instanceof LockUnexpectedErrorEvent && spec.errorMessage() != null && spec.owner().length() > 16) {
			// Longer than a fingerprint, so that it cannot be part of the one that replaced it.
			assertThat(fields.get("errorMessage")).asString().doesNotContain(spec.owner());
		}
		assertSameEvent(decoded, event);
		assertThat(decoded.lock()).isInstanceOf(OwnerlessLock.class);
		assertThat(decoded.lock().getOwner()).isEqualTo(OwnerFingerprint.of(spec.owner()));
	}

	@Property(tries = 1000)
	void garbageIsRejectedOrAValidEvent(@ForAll("garbage") String payload) {
		assertRejectedOrValid(payload, null);
	}

	@Property(tries = 1000)
	void aSpoiledPayloadIsRejectedOrStillAValidEvent(@ForAll("events") EventSpec spec, @ForAll boolean includeOwners,
			@ForAll("spoilers") Spoiler spoiler) {
		Map<String, @Nullable Object> fields = FlatJson.read(LockEventCodec.encode(spec.event(sender), includeOwners));

		assertRejectedOrValid(spoiler.spoil(fields), spec.owner());
	}

	@Property(tries = 300)
	void aTruncatedPayloadIsAlwaysRejected(@ForAll("events") EventSpec spec, @ForAll boolean includeOwners,
			@ForAll double where) {
		String payload = LockEventCodec.encode(spec.event(sender), includeOwners);
		String truncated = payload.substring(0, (int) (Math.abs(where) % 1 * payload.length()));

		assertThatIllegalArgumentException().isThrownBy(() -> LockEventCodec.decode(truncated, receiver))
			.satisfies((ex) -> assertShortAndOwnerless(ex, spec.owner()));
	}

	@Property(tries = 300)
	void aValueOverTheLimitsIsAlwaysRejected(@ForAll("events") EventSpec spec, @ForAll boolean includeOwners,
			@ForAll("oversizedFields") Map.Entry<String, String> oversized) {
		Map<String, @Nullable Object> fields = new LinkedHashMap<>(
				FlatJson.read(LockEventCodec.encode(spec.event(sender), includeOwners)));
		if (oversized.getKey().equals("owner") && !fields.containsKey("owner")) {
			fields.put("ownerFingerprint", oversized.getValue());
		}
		else {
			fields.put(oversized.getKey(), oversized.getValue());
		}
		String payload = FlatJson.write(fields);

		assertThatIllegalArgumentException().isThrownBy(() -> LockEventCodec.decode(payload, receiver))
			.satisfies((ex) -> assertShortAndOwnerless(ex, spec.owner()));
	}

	@Provide
	Arbitrary<Map.Entry<String, String>> oversizedFields() {
		return Arbitraries.oneOf(
				EventInputs.texts(EventInputs.MAX_KEY_LENGTH + 1, 3000)
					.filter((key) -> key.length() > EventInputs.MAX_KEY_LENGTH)
					.map((key) -> Map.entry("key", key)),
				EventInputs.texts(EventInputs.MAX_OWNER_LENGTH + 1, 1000)
					.filter((owner) -> owner.length() > EventInputs.MAX_OWNER_LENGTH)
					.map((owner) -> Map.entry("owner", owner)),
				EventInputs.texts(LockJson.MAX_TEXT + 1, 3000)
					.filter((origin) -> origin.length() > LockJson.MAX_TEXT)
					.map((origin) -> Map.entry("origin", origin)),
				EventInputs.texts(300, 3000).map((namespace) -> Map.entry("namespace", namespace)),
				Arbitraries.longs().between(36_501, 10_000_000).map((days) -> Map.entry("ttl", "P" + days + "D")));
	}

	private static void assertRejectedOrValid(String payload, @Nullable String owner) {
		LockEvent event;
		try {
			event = LockEventCodec.decode(payload, receiver);
		}
		catch (IllegalArgumentException ex) {
			assertShortAndOwnerless(ex, owner);
			return;
		}
		// Anything else thrown fails the property: IllegalArgumentException is the only documented one.
		assertValid(event);
	}

	private static void assertShortAndOwnerless(IllegalArgumentException ex, @Nullable String owner) {
		assertThat(ex.getMessage()).isNotBlank().hasSizeLessThanOrEqualTo(EventInputs.MAX_MESSAGE_LENGTH);
		assertThat(ex.getMessage().chars()).as("one line").noneMatch((c) -> c == '\n' || c == '\r');
		// A quoted value is at most 32 characters: a longer owner in a message would mean it was printed.
		if (owner != null && owner.length() > UntrustedText.QUOTED_PREFIX) {
			assertThat(ex.getMessage()).doesNotContain(owner);
		}
	}

	private static void assertValid(LockEvent event) {
		assertValidText(event.origin(), LockJson.MAX_TEXT);
		Lock lock = event.lock();
		assertValidText(lock.getKey(), EventInputs.MAX_KEY_LENGTH);
		if (lock instanceof OwnerlessLock) {
			assertThat(lock.getOwner()).matches("[0-9a-f]{16}");
		}
		else {
			assertValidText(lock.getOwner(), EventInputs.MAX_OWNER_LENGTH);
		}
		if (lock.getExpiry() instanceof Expiry.After after) {
			assertValidTtl(after.ttl());
		}
		assertThat(lock.getFencingToken().orElse(1)).isPositive();
		if (event instanceof LockRefreshedEvent refreshed) {
			assertValidTtl(refreshed.ttl());
			assertThat(refreshed.token()).isNotNegative();
		}
		if (event instanceof LockAcquiredEvent acquired) {
			assertThat(acquired.token()).isNotNegative();
		}
		if (event instanceof LockReleasedEvent released) {
			assertThat(released.token()).isNotNegative();
		}
		if (event instanceof LockLostEvent lost) {
			assertThat(lost.token()).isNotNegative();
		}
		if (event instanceof LockUnexpectedErrorEvent error) {
			RemoteLockException remote = (RemoteLockException) error.error();
			assertValidText(remote.getRemoteType(), LockJson.MAX_TEXT);
			if (remote.getRemoteMessage() != null) {
				assertThat(UntrustedText.isWellFormed(remote.getRemoteMessage())).isTrue();
				assertThat(remote.getRemoteMessage()).hasSizeLessThanOrEqualTo(LockJson.MAX_ERROR_MESSAGE + 1);
			}
		}
	}

	private static void assertValidText(String text, int maxLength) {
		assertThat(text).hasSizeLessThanOrEqualTo(maxLength);
		assertThat(UntrustedText.isBlank(text)).as("blank: %s", UntrustedText.quote(text)).isFalse();
		assertThat(UntrustedText.isWellFormed(text)).as("well-formed: %s", UntrustedText.quote(text)).isTrue();
	}

	private static void assertSameEvent(LockEvent decoded, LockEvent event) {
		assertThat(decoded).hasSameClassAs(event);
		assertThat(decoded.origin()).isEqualTo(event.origin());
		assertThat(decoded.lock().getKey()).isEqualTo(event.lock().getKey());
		assertThat(decoded.lock().getExpiry()).isEqualTo(event.lock().getExpiry());
		assertThat(decoded.lock().getFencingToken()).isEqualTo(event.lock().getFencingToken());
		if (event instanceof LockAcquiredEvent acquired) {
			assertThat(((LockAcquiredEvent) decoded).token()).isEqualTo(acquired.token());
		}
		if (event instanceof LockReleasedEvent released) {
			assertThat(((LockReleasedEvent) decoded).token()).isEqualTo(released.token());
		}
		if (event instanceof LockRefreshedEvent refreshed) {
			assertThat(((LockRefreshedEvent) decoded).ttl()).isEqualTo(refreshed.ttl());
			assertThat(((LockRefreshedEvent) decoded).token()).isEqualTo(refreshed.token());
		}
		if (event instanceof LockForceReleasedEvent forceReleased) {
			assertThat(((LockForceReleasedEvent) decoded).released()).isEqualTo(forceReleased.released());
		}
		if (event instanceof LockLostEvent lost) {
			assertThat(((LockLostEvent) decoded).token()).isEqualTo(lost.token());
			assertThat(((LockLostEvent) decoded).detection()).isEqualTo(lost.detection());
		}
		if (event instanceof LockUnexpectedErrorEvent error) {
			RemoteLockException sent = (RemoteLockException) error.error();
			RemoteLockException received = (RemoteLockException) ((LockUnexpectedErrorEvent) decoded).error();
			assertThat(received.getRemoteType()).isEqualTo(sent.getRemoteType());
			String message = sent.getRemoteMessage();
			if (message != null && decoded.lock() instanceof OwnerlessLock) {
				message = message.replace(event.lock().getOwner(), decoded.lock().getOwner());
			}
			if (message != null && message.length() > LockJson.MAX_ERROR_MESSAGE) {
				message = UntrustedText.cut(message, LockJson.MAX_ERROR_MESSAGE) + "…";
			}
			assertThat(received.getRemoteMessage()).isEqualTo(message);
		}
	}

	private static void assertValidTtl(Duration ttl) {
		assertThat(ttl).isPositive().isLessThanOrEqualTo(EventInputs.MAX_TTL);
	}

}
