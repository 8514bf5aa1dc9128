package dev.distlock.spring.actuate;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.distlock.DefaultLockProvider;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.spring.actuate.LocksEndpoint.HeldLockDescriptor;
import dev.distlock.spring.actuate.LocksEndpoint.LockStateDescriptor;
import dev.distlock.spring.observation.HeldLocks;
import dev.distlock.test.MutableClock;

import static org.assertj.core.api.Assertions.assertThat;

/** The endpoint's operations on real locks of the memory adapter. */
class LocksEndpointTests {

	private final MutableClock clock = new MutableClock();

	private final MemoryLockAdapter adapter = new MemoryLockAdapter(this.clock);

	private final DefaultLockProvider provider = LockProvider.builder(this.adapter)
		.namespace("billing")
		.defaultTtl(Duration.ofSeconds(30))
		.build();

	private final HeldLocks heldLocks = new HeldLocks(this.provider.getInstanceId(), this.clock);

	private final LocksEndpoint endpoint = new LocksEndpoint(this.provider, this.heldLocks);

	LocksEndpointTests() {
		this.provider.addListener(this.heldLocks);
	}

	@Test
	void listsTheLocksThisInstanceHolds() {
		Lock lock = this.provider.create("orders:1", LockSettings.defaults().withName("ship"));
		lock.acquire();
		this.clock.advance(Duration.ofSeconds(10));

		LocksEndpoint.HeldLocksDescriptor locks = this.endpoint.locks();
		assertThat(locks.namespace()).isEqualTo("billing");
		assertThat(locks.instanceId()).isEqualTo(this.provider.getInstanceId());
		assertThat(locks.locks()).containsExactly(new HeldLockDescriptor("orders:1", lock.getOwner(), "ship",
				this.clock.instant().minusSeconds(10), Duration.ofSeconds(20)));
	}

	@Test
	void readsTheStateOfAnyKeyWithoutAcquiringIt() {
		assertThat(this.endpoint.lock("orders:2"))
			.isEqualTo(new LockStateDescriptor("billing", "orders:2", "expired", null, null));

		Lock lock = this.provider.create("orders:2");
		lock.acquire();
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.endpoint.lock("orders:2")).isEqualTo(
				new LockStateDescriptor("billing", "orders:2", "acquired", lock.getOwner(), Duration.ofSeconds(25)));
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
		this.adapter.forceRelease("billing:orders:4");

		assertThat(lock.refresh()).isFalse();

		assertThat(lock.isLost()).isTrue();
		assertThat(this.endpoint.locks().locks()).isEmpty();
	}

	@Test
	void showsNoMoreAboutAHolderThanBefore() {
		// The owner was shown before fencing tokens and lost locks existed; nothing new about holders is.
		assertThat(HeldLockDescriptor.class.getRecordComponents()).extracting((component) -> component.getName())
			.containsExactly("key", "owner", "name", "acquiredAt", "remainingTtl");
		assertThat(LockStateDescriptor.class.getRecordComponents()).extracting((component) -> component.getName())
			.containsExactly("namespace", "key", "state", "owner", "remainingTtl");
	}

}
