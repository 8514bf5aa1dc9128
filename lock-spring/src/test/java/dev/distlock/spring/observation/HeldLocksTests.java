package dev.distlock.spring.observation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.OwnerFingerprint;
import dev.distlock.Renewal;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockLostEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.test.InstrumentedLockAdapter;
import dev.distlock.test.MutableClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The locks this instance holds, from real lock operations on the memory adapter, and their meters: bounded (expired
 * entries pruned without a reader, a cap with a counted overflow) and true (entries of locks released elsewhere
 * dropped once the backend says so).
 */
class HeldLocksTests {

	private final MutableClock clock = new MutableClock();

	private final InstrumentedLockAdapter adapter = new InstrumentedLockAdapter(new MemoryLockAdapter(this.clock));

	private final LockProvider provider = LockProvider.builder(this.adapter)
		.defaultExpiry(Expiry.after(Duration.ofSeconds(30)))
		.build();

	// Another process on the same backend: its events never reach this instance.
	private final LockProvider elsewhere = LockProvider.builder(this.adapter)
		.defaultExpiry(Expiry.after(Duration.ofSeconds(30)))
		.build();

	private final HeldLocks heldLocks = new HeldLocks(this.provider, this.clock);

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
		Lock reports = this.provider.create("reports", LockSettings.defaults().withExpiry(Expiry.never()));
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

	@Test
	void prunesExpiredLocksWithoutAReader() {
		// 20,000 locks acquired and never released, 100 live at a time: without pruning all of them would stay.
		int most = 0;
		for (int i = 0; i < 20_000; i++) {
			this.provider.create("expiring:" + i, LockSettings.defaults().withTtl(Duration.ofSeconds(1))).acquire();
			if (i % 100 == 99) {
				this.clock.advance(Duration.ofSeconds(1));
			}
			most = Math.max(most, this.heldLocks.tracked());
		}
		assertThat(most).as("entries tracked at most, expired ones included").isLessThanOrEqualTo(4 * 100 + 64);
	}

	@Test
	void capsTheViewAndCountsWhatItCouldNotRecord() {
		HeldLocks capped = new HeldLocks(this.provider, this.clock, 3);
		this.provider.addListener(capped);
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		new HeldLocksMeterBinder(capped, "lock", "memory").bindTo(registry);
		List<Lock> locks = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			Lock lock = this.provider.create("capped:" + i, LockSettings.defaults().withExpiry(Expiry.never()));
			lock.acquire();
			locks.add(lock);
		}

		assertThat(capped.list()).extracting(HeldLock::key).containsExactly("capped:0", "capped:1", "capped:2");
		assertThat(capped.overflowCount()).isEqualTo(2);
		assertThat(registry.get("distlock.locks.held.overflow").functionCounter().count()).isEqualTo(2);
		assertThat(registry.get("distlock.locks.held").gauge().value()).isEqualTo(3);

		// Acquiring a key tracked already needs no room; a release makes room for the next.
		locks.get(0).acquire();
		assertThat(capped.overflowCount()).isEqualTo(2);
		locks.get(0).release();
		this.provider.create("capped:5", LockSettings.defaults().withExpiry(Expiry.never())).acquire();
		assertThat(capped.list()).extracting(HeldLock::key).containsExactly("capped:1", "capped:2", "capped:5");
		assertThat(capped.overflowCount()).isEqualTo(2);
	}

	@Test
	void aFullViewMakesRoomForExpiredEntriesBeforeItOverflows() {
		HeldLocks capped = new HeldLocks(this.provider, this.clock, 2);
		this.provider.addListener(capped);
		this.provider.create("first").acquire();
		this.provider.create("second").acquire();
		this.clock.advance(Duration.ofSeconds(31));

		this.provider.create("third").acquire();

		assertThat(capped.overflowCount()).isZero();
		assertThat(capped.list()).extracting(HeldLock::key).containsExactly("third");
	}

	@Test
	void rejectsAMaximumThatIsNotPositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new HeldLocks(this.provider, this.clock, 0))
			.withMessageContaining("maxSize");
	}

	@Test
	void dropsALockReleasedByAnotherProcessOnceTheBackendSaysSo() {
		Lock lock = this.provider.create("handed-off", LockSettings.defaults().withExpiry(Expiry.never()));
		lock.acquire();
		assertThat(this.elsewhere.restore(lock.toHandle()).release()).isTrue();
		int calls = this.adapter.calls();

		// Trusted while fresh: no backend read on every scrape.
		assertThat(this.heldLocks.list()).extracting(HeldLock::key).containsExactly("handed-off");
		assertThat(this.adapter.calls()).isEqualTo(calls);

		this.clock.advance(HeldLocks.RECHECK_AFTER);
		assertThat(this.heldLocks.list()).isEmpty();
		assertThat(gauge()).isZero();
	}

	@Test
	void theGaugeDropsLocksReleasedElsewhereAFewAtATime() {
		int count = 2 * HeldLocks.CHECKS_PER_COUNT + 3;
		for (int i = 0; i < count; i++) {
			Lock lock = this.provider.create("gone:" + i, LockSettings.defaults().withExpiry(Expiry.never()));
			lock.acquire();
			this.elsewhere.restore(lock.toHandle()).release();
		}
		this.clock.advance(HeldLocks.RECHECK_AFTER);

		assertThat(gauge()).isEqualTo(count - HeldLocks.CHECKS_PER_COUNT);
		assertThat(gauge()).isEqualTo(3);
		assertThat(gauge()).isZero();
	}

	@Test
	void aConfirmedLockTakesTheBackendsExpiryAndIsTrustedAgainForAWhile() {
		Lock lock = this.provider.create("confirmed", LockSettings.defaults().withTtl(Duration.ofMinutes(1)));
		lock.acquire();
		// Refreshed by the process it was handed to: no event here, but the backend knows.
		assertThat(this.elsewhere.restore(lock.toHandle()).refresh(Duration.ofMinutes(10))).isTrue();
		this.clock.advance(HeldLocks.RECHECK_AFTER);

		assertThat(this.heldLocks.get("confirmed").orElseThrow().remainingTime(this.clock.instant()))
			.contains(Duration.ofMinutes(10).minus(HeldLocks.RECHECK_AFTER));
		int calls = this.adapter.calls();
		assertThat(this.heldLocks.list()).extracting(HeldLock::key).containsExactly("confirmed");
		assertThat(this.adapter.calls()).as("confirmed just now").isEqualTo(calls);
	}

	@Test
	void aLockTakenByAnotherOwnerElsewhereIsDropped() {
		Lock lock = this.provider.create("taken-elsewhere", LockSettings.defaults().withExpiry(Expiry.never()));
		lock.acquire();
		this.elsewhere.create("taken-elsewhere").forceRelease();
		Lock other = this.elsewhere.create("taken-elsewhere", LockSettings.defaults().withExpiry(Expiry.never()));
		assertThat(other.acquire()).isTrue();
		this.clock.advance(HeldLocks.RECHECK_AFTER);

		assertThat(this.heldLocks.get("taken-elsewhere")).isEmpty();
	}

	@Test
	void keepsEntriesWhileTheBackendCannotConfirmThem() {
		this.provider.create("unknown", LockSettings.defaults().withExpiry(Expiry.never())).acquire();
		this.clock.advance(HeldLocks.RECHECK_AFTER);
		this.adapter.failWith(new IllegalStateException("connection refused"));

		assertThat(this.heldLocks.list()).extracting(HeldLock::key).containsExactly("unknown");
		assertThat(gauge()).isEqualTo(1);

		this.adapter.failWith(null);
		int calls = this.adapter.calls();
		assertThat(this.heldLocks.list()).extracting(HeldLock::key).containsExactly("unknown");
		assertThat(this.adapter.calls()).as("no checks for a while after a failed one").isEqualTo(calls);

		this.elsewhere.create("unknown").forceRelease();
		this.clock.advance(HeldLocks.RECHECK_AFTER);
		assertThat(this.heldLocks.list()).isEmpty();
	}

	@Test
	void renewedLocksAreNotReadBack() {
		this.provider
			.create("renewed-check", LockSettings.defaults().withTtl(Duration.ofSeconds(30)).withRenewal(Renewal.ENABLED))
			.acquire();
		this.clock.advance(HeldLocks.RECHECK_AFTER.multipliedBy(3));
		int calls = this.adapter.calls();
		assertThat(this.heldLocks.list()).hasSize(1);
		assertThat(this.adapter.calls()).as("the renewal finds a renewed lock lost").isEqualTo(calls);
	}

	@Test
	void showsTheOwnersFingerprintNeverTheOwner() {
		Lock lock = this.provider.create("fingerprinted");
		lock.acquire();
		HeldLock held = this.heldLocks.get("fingerprinted").orElseThrow();
		assertThat(held.ownerFingerprint()).isEqualTo(OwnerFingerprint.of(lock.getOwner())).hasSize(16);
		assertThat(held.toString()).contains(held.ownerFingerprint()).doesNotContain(lock.getOwner());
	}

}
