package dev.distlock.spring.actuate;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.distlock.DefaultLockProvider;
import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.OwnerFingerprint;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.spring.actuate.LocksEndpoint.HeldLockDescriptor;
import dev.distlock.spring.actuate.LocksEndpoint.LockStateDescriptor;
import dev.distlock.spring.observation.HeldLocks;
import dev.distlock.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The endpoint's operations on real locks of the memory adapter: fingerprints, never owners; bad keys refused. */
class LocksEndpointTests {

	private final MutableClock clock = new MutableClock();

	private final MemoryLockAdapter adapter = new MemoryLockAdapter(this.clock);

	private final LockProvider provider = LockProvider.builder(this.adapter)
		.namespace("billing")
		.defaultExpiry(Expiry.after(Duration.ofSeconds(30)))
		.build();

	private final HeldLocks heldLocks = new HeldLocks(this.provider, this.clock);

	private final LocksEndpoint endpoint = new LocksEndpoint(this.provider, this.heldLocks);

	LocksEndpointTests() {
		this.provider.addListener(this.heldLocks);
	}

	@Test
	void isReadOnlyUnlessTheApplicationOptsIn() {
		assertThat(LocksEndpoint.class.getAnnotation(Endpoint.class).defaultAccess()).isEqualTo(Access.READ_ONLY);
	}

	@Test
	void listsTheLocksThisInstanceHoldsWithFingerprints() {
		Lock lock = this.provider.create("orders:1", LockSettings.defaults().withName("ship"));
		lock.acquire();
		this.clock.advance(Duration.ofSeconds(10));

		LocksEndpoint.HeldLocksDescriptor locks = this.endpoint.locks();
		assertThat(locks.namespace()).isEqualTo("billing");
		assertThat(locks.instanceId()).isEqualTo(this.provider.getInstanceId());
		assertThat(locks.locks()).containsExactly(new HeldLockDescriptor("orders:1",
				OwnerFingerprint.of(lock.getOwner()), "ship", this.clock.instant().minusSeconds(10),
				Duration.ofSeconds(20)));
		assertThat(locks.maxSize()).isEqualTo(HeldLocks.DEFAULT_MAX_SIZE);
		assertThat(locks.overflow()).isZero();
		assertThat(locks.toString()).doesNotContain(lock.getOwner());
	}

	@Test
	void saysWhenTheListMayMissLocks() {
		HeldLocks small = new HeldLocks(this.provider, this.clock, 1);
		this.provider.addListener(small);
		this.provider.create("orders:5").acquire();
		this.provider.create("orders:6").acquire();

		LocksEndpoint.HeldLocksDescriptor locks = new LocksEndpoint(this.provider, small).locks();
		assertThat(locks.locks()).extracting(HeldLockDescriptor::key).containsExactly("orders:5");
		assertThat(locks.maxSize()).isEqualTo(1);
		assertThat(locks.overflow()).isEqualTo(1);
	}

	@Test
	void readsTheStateOfAnyKeyWithoutAcquiringIt() {
		assertThat(this.endpoint.lock("orders:2"))
			.isEqualTo(new LockStateDescriptor("billing", "orders:2", "expired", null, null));

		Lock lock = this.provider.create("orders:2");
		lock.acquire();
		this.clock.advance(Duration.ofSeconds(5));
		LockStateDescriptor state = this.endpoint.lock("orders:2");
		assertThat(state).isEqualTo(new LockStateDescriptor("billing", "orders:2", "acquired",
				OwnerFingerprint.of(lock.getOwner()), Duration.ofSeconds(25)));
		assertThat(state.toString()).doesNotContain(lock.getOwner());
		assertThat(lock.release()).isTrue();
	}

	@Test
	void forceReleasesAKey() {
		Lock lock = this.provider.create("orders:3");
		lock.acquire();
		assertThat(this.endpoint.forceRelease("orders:3").released()).isTrue();
		assertThat(lock.isExpired()).isTrue();
		assertThat(this.endpoint.locks().locks()).isEmpty();
		assertThat(this.endpoint.forceRelease("orders:3").released()).isFalse();
	}

	@Test
	void aLockFoundLostIsNoLongerListed() {
		Lock lock = this.provider.create("orders:4");
		lock.acquire();
		// Freed behind the provider's back, as an expiry the backend saw first or an operator's DEL would.
		this.adapter.forceRelease(this.provider.getNamespace().qualify("orders:4"));

		assertThat(lock.refresh()).isFalse();

		assertThat(lock.isLost()).isTrue();
		assertThat(this.endpoint.locks().locks()).isEmpty();
	}

	@Test
	void aLockReleasedByAnotherProcessIsNoLongerListed() {
		Lock lock = this.provider.create("orders:7", LockSettings.defaults().withExpiry(Expiry.never()));
		lock.acquire();
		LockProvider elsewhere = LockProvider.builder(this.adapter).namespace("billing").build();
		assertThat(elsewhere.restore(lock.toHandle()).release()).isTrue();
		this.clock.advance(HeldLocks.RECHECK_AFTER);

		assertThat(this.endpoint.locks().locks()).isEmpty();
	}

	@Test
	void refusesKeysTheProviderRefuses() {
		for (String key : new String[] { " ", "\u00A0\u2007", "x\uD800", "k".repeat(100_000) }) {
			assertThatExceptionOfType(InvalidEndpointRequestException.class).as("key of %d chars", key.length())
				.isThrownBy(() -> this.endpoint.lock(key))
				.satisfies((ex) -> assertThat(ex.getReason()).startsWith("Invalid lock key: ").hasSizeLessThan(300));
			assertThatExceptionOfType(InvalidEndpointRequestException.class)
				.isThrownBy(() -> this.endpoint.forceRelease(key));
		}
	}

	@Test
	void theWebExtensionAnswersABadKeyWithAProblemDetail() {
		LocksEndpointWebExtension web = new LocksEndpointWebExtension(this.endpoint);

		WebEndpointResponse<?> bad = web.lock(" ");
		assertThat(bad.getStatus()).isEqualTo(400);
		assertThat(bad.getContentType()).hasToString("application/problem+json");
		assertThat(bad.getBody()).isInstanceOfSatisfying(LocksEndpointWebExtension.Problem.class, (problem) -> {
			assertThat(problem.status()).isEqualTo(400);
			assertThat(problem.title()).isEqualTo("Bad Request");
			assertThat(problem.detail()).startsWith("Invalid lock key: ");
		});
		assertThat(web.forceRelease(" ").getStatus()).isEqualTo(400);

		WebEndpointResponse<?> good = web.lock("orders:8");
		assertThat(good.getStatus()).isEqualTo(200);
		assertThat(good.getBody()).isEqualTo(new LockStateDescriptor("billing", "orders:8", "expired", null, null));
	}

	@Test
	void showsFingerprintsNeverOwners() {
		// The owner is a lock's credential: with it anyone can restore the lock and release it.
		assertThat(HeldLockDescriptor.class.getRecordComponents()).extracting((component) -> component.getName())
			.containsExactly("key", "ownerFingerprint", "name", "acquiredAt", "remainingTtl");
		assertThat(LockStateDescriptor.class.getRecordComponents()).extracting((component) -> component.getName())
			.containsExactly("namespace", "key", "state", "ownerFingerprint", "remainingTtl");
	}

}
