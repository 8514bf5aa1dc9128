package dev.distlock.spring.observation;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.distlock.DefaultLockProvider;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.Renewal;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockLostEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.test.MutableClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

/** The locks this instance holds, from real lock operations on the memory adapter, and their meters. */
class HeldLocksTests {

	private final MutableClock clock = new MutableClock();

	private final DefaultLockProvider provider = LockProvider.builder(new MemoryLockAdapter(this.clock))
		.defaultTtl(Duration.ofSeconds(30))
		.build();

	private final HeldLocks heldLocks = new HeldLocks(this.provider.getInstanceId(), this.clock);

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	HeldLocksTests() {
		this.provider.addListener(this.heldLocks);
		new HeldLocksMeterBinder(this.heldLocks, "lock", "memory").bindTo(this.meters);
	}

	private double gauge() {
		return this.meters.get("distlock.locks.held").tag("distlock.namespace", "lock").gauge().value();
	}

	@Test
	void listsAcquiredLocksUntilReleased() {
		Lock orders = this.provider.create("orders:1", LockSettings.defaults().withName("ship"));
		Lock reports = this.provider.create("reports", LockSettings.defaults().withNoExpiry());
		orders.acquire();
		this.clock.advance(Duration.ofSeconds(5));
		reports.acquire();

		assertThat(this.heldLocks.list()).extracting(HeldLock::key).containsExactly("orders:1", "reports");
		HeldLock held = this.heldLocks.get("orders:1").orElseThrow();
		assertThat(held.owner()).isEqualTo(orders.getOwner());
		assertThat(held.name()).isEqualTo("ship");
		assertThat(held.acquiredAt()).isEqualTo(this.clock.instant().minusSeconds(5));
		assertThat(held.remainingTime(this.clock.instant())).contains(Duration.ofSeconds(25));
		assertThat(this.heldLocks.get("reports").orElseThrow().remainingTime(this.clock.instant())).isEmpty();
		assertThat(gauge()).isEqualTo(2);

		orders.release();
		assertThat(this.heldLocks.list()).extracting(HeldLock::key).containsExactly("reports");
		assertThat(gauge()).isEqualTo(1);
	}

	@Test
	void timesHowLongALockWasHeld() {
		Lock lock = this.provider.create("orders:2", LockSettings.defaults().withName("ship"));
		lock.acquire();
		this.clock.advance(Duration.ofSeconds(3));
		lock.release();

		Timer held = this.meters.get("distlock.locks.held.duration").tag("distlock.lock.name", "ship").timer();
		assertThat(held.count()).isEqualTo(1);
		assertThat(held.totalTime(TimeUnit.SECONDS)).isEqualTo(3);
		assertThat(held.getId().getTag("distlock.adapter")).isEqualTo("memory");
	}

	@Test
	void doesNotCountFailedAcquiresOrReleasesOfOthers() {
		Lock holder = this.provider.create("orders:3");
		Lock other = this.provider.create("orders:3");
		holder.acquire();
		other.acquire();
		other.release();
		assertThat(this.heldLocks.get("orders:3")).hasValueSatisfying(
				(held) -> assertThat(held.owner()).isEqualTo(holder.getOwner()));
		assertThat(this.meters.find("distlock.locks.held.duration").timer()).isNull();
	}

	@Test
	void forgetsForceReleasedLocks() {
		this.provider.create("orders:4").acquire();
		this.provider.create("orders:4").forceRelease();
		assertThat(this.heldLocks.list()).isEmpty();
	}

	@Test
	void dropsLocksWhoseTtlHasPassedUnlessRefreshed() {
		Lock refreshed = this.provider.create("refreshed");
		Lock expiring = this.provider.create("expiring");
		refreshed.acquire();
		expiring.acquire();
		this.clock.advance(Duration.ofSeconds(20));
		refreshed.refresh(Duration.ofSeconds(30));
		this.clock.advance(Duration.ofSeconds(10));

		assertThat(this.heldLocks.list()).extracting(HeldLock::key).containsExactly("refreshed");
		assertThat(this.heldLocks.get("refreshed").orElseThrow().remainingTime(this.clock.instant()))
			.contains(Duration.ofSeconds(20));
		assertThat(gauge()).isEqualTo(1);
	}

	@Test
	void keepsARenewedLockPastItsTtlUntilItIsReleased() {
		Lock renewed = this.provider.create("renewed",
				LockSettings.defaults().withTtl(Duration.ofSeconds(30)).withRenewal(Renewal.ENABLED));
		renewed.acquire();
		renewed.refresh(Duration.ofSeconds(30));
		this.clock.advance(Duration.ofMinutes(5));

		assertThat(this.heldLocks.list()).extracting(HeldLock::key).containsExactly("renewed");
		renewed.release();
		assertThat(this.heldLocks.list()).isEmpty();
	}

	@Test
	void acquiringAgainKeepsTheFirstAcquire() {
		Lock lock = this.provider.create("again");
		lock.acquire();
		this.clock.advance(Duration.ofSeconds(10));
		lock.acquire();
		assertThat(this.heldLocks.get("again").orElseThrow().remainingTime(this.clock.instant()))
			.contains(Duration.ofSeconds(20));
	}

	@Test
	void ignoresAcquiresOfOtherInstancesButHonoursTheirReleases() {
		Lock lock = this.provider.create("remote");
		this.heldLocks.onEvent(new LockAcquiredEvent(lock, "another-instance", 1));
		assertThat(this.heldLocks.list()).isEmpty();

		lock.acquire();
		this.heldLocks.onEvent(new LockReleasedEvent(lock, "another-instance", lock.getFencingToken().getAsLong()));
		assertThat(this.heldLocks.list()).isEmpty();
	}

	@Test
	void dropsALockFoundLostWithoutTimingItAsHeld() {
		Lock lock = this.provider.create("lost", LockSettings.defaults().withName("ship"));
		lock.acquire();
		long token = lock.getFencingToken().getAsLong();

		this.heldLocks.onEvent(new LockLostEvent(lock, this.provider.getInstanceId(), token,
				LockLostEvent.Detection.RENEWAL));

		assertThat(this.heldLocks.list()).isEmpty();
		assertThat(gauge()).isZero();
		assertThat(this.meters.find("distlock.locks.held.duration").timer()).as("a loss is not a release").isNull();
	}

	@Test
	void aLossFoundAfterAnotherOwnerTookTheKeyLeavesTheNewHolder() {
		Lock first = this.provider.create("taken");
		Lock second = this.provider.create("taken");
		first.acquire();
		this.clock.advance(Duration.ofSeconds(31));
		second.acquire();

		assertThat(first.refresh()).as("found lost by the refresh").isFalse();

		assertThat(first.isLost()).isTrue();
		assertThat(this.heldLocks.get("taken")).hasValueSatisfying(
				(held) -> assertThat(held.owner()).isEqualTo(second.getOwner()));
	}

}
