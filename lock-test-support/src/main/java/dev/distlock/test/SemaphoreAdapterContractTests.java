package dev.distlock.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.distlock.BlockingSettings;
import dev.distlock.Expiry;
import dev.distlock.KeyAlreadyAcquiredException;
import dev.distlock.LockResult;
import dev.distlock.LockSettings;
import dev.distlock.Namespace;
import dev.distlock.RemainingTime;
import dev.distlock.Renewal;
import dev.distlock.Semaphore;
import dev.distlock.SemaphoreHandle;
import dev.distlock.SemaphoreLimitMismatchException;
import dev.distlock.SemaphoreProvider;
import dev.distlock.SemaphoreState;
import dev.distlock.UnownedReleaseException;
import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LimitMismatchException;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.SemaphoreAdapter;
import dev.distlock.adapter.SemaphoreHolders;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockForceReleasedEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.event.LockUnavailableEvent;

/**
 * The contract every {@link SemaphoreAdapter} meets, run through the standard {@link SemaphoreProvider} so that it
 * checks what users see: never more than the limit, the limit check, slots that expire, refresh, force release,
 * state, fencing tokens, blocking wake-ups, {@code run*}, handles, events and concurrency.
 *
 * <p>An adapter's test extends this class and returns the adapter under test:
 * <pre>{@code
 * class MemorySemaphoreAdapterContractTests extends SemaphoreAdapterContractTests {
 *     @Override
 *     protected SemaphoreAdapter adapter() {
 *         return new MemorySemaphoreAdapter();
 *     }
 * }
 * }</pre>
 * Each test runs in a fresh, random namespace and frees the keys it used, so adapters on a shared server need no
 * flushing.
 * @since 0.1.0
 */
public abstract class SemaphoreAdapterContractTests {

	private static final Duration LONG_TTL = Duration.ofMinutes(1);

	private static final Duration LONG_WAIT = Duration.ofSeconds(30);

	private final List<Semaphore> created = new ArrayList<>();

	private final List<LockEvent> events = Collections.synchronizedList(new ArrayList<>());

	private final List<ExecutorService> executors = new ArrayList<>();

	private SemaphoreProvider provider;

	/**
	 * The adapter under test. Called once per test; may return the same instance every time, as long as it is
	 * connected to the same backend.
	 * @return the adapter
	 */
	protected abstract SemaphoreAdapter adapter();

	/**
	 * Lets {@code semaphore}'s slot TTL run out. The default waits in real time until its owner no longer holds a
	 * slot; adapters on an injected clock override it to move their clock instead.
	 * @param semaphore a semaphore holding a slot with a TTL
	 */
	protected void awaitExpiry(Semaphore semaphore) {
		Duration ttl = ((Expiry.After) semaphore.getExpiry()).ttl();
		await().atMost(ttl.plusSeconds(10))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> semaphore.getState().ownSlot() instanceof RemainingTime.NotHeld);
	}

	/**
	 * The TTL of slots that tests let expire.
	 * @return the short TTL; 200 milliseconds unless overridden
	 */
	protected Duration shortTtl() {
		return Duration.ofMillis(200);
	}

	@BeforeEach
	void createProvider() {
		this.provider = SemaphoreProvider.create(adapter(),
				(builder) -> builder.namespace(Namespace.of(List.of("contract", UUID.randomUUID().toString()))));
		this.provider.addListener(this.events::add);
	}

	@AfterEach
	void freeKeys() {
		this.executors.forEach(ExecutorService::shutdownNow);
		this.created.forEach(Semaphore::forceReleaseAll);
		this.provider.close();
	}

	@Test
	void neverMoreHoldersThanTheLimitAndAFreedSlotCanBeTaken() {
		Semaphore first = semaphore("reports", 2);
		Semaphore second = semaphore("reports", 2);
		Semaphore third = semaphore("reports", 2);
		assertThat(first.acquire()).isTrue();
		assertThat(second.acquire()).isTrue();
		assertThat(third.acquire()).isFalse();
		assertThatThrownBy(third::acquireOrFail).isInstanceOf(KeyAlreadyAcquiredException.class);
		assertThat(third.getState()).isEqualTo(new SemaphoreState(2, 2, RemainingTime.notHeld()));
		assertThat(third.getState().freeSlots()).isZero();
		assertThat(first.release()).isTrue();
		assertThat(third.acquire()).isTrue();
		assertThat(first.acquire()).isFalse();
	}

	@Test
	void acquireByAHolderKeepsItsOneSlotAndOneReleaseFreesIt() {
		Semaphore holder = semaphore("idempotent", 2, LockSettings.defaults().withTtl(LONG_TTL));
		assertThat(holder.acquire()).isTrue();
		long token = holder.getFencingToken().getAsLong();
		assertThat(holder.acquire()).isTrue();
		assertThat(holder.getFencingToken()).hasValue(token);
		assertThat(holder.getState().held()).isOne();
		assertThat(holder.release()).isTrue();
		assertThat(holder.getState()).isEqualTo(new SemaphoreState(2, 0, RemainingTime.notHeld()));
	}

	@Test
	void anotherLimitIsRefusedWhileSlotsAreLiveAndAppliesOnceTheKeyIsFree() {
		Semaphore two = semaphore("limited", 2);
		Semaphore three = semaphore("limited", 3);
		assertThat(two.acquire()).isTrue();
		assertThatThrownBy(three::acquire).isInstanceOfSatisfying(SemaphoreLimitMismatchException.class, (ex) -> {
			assertThat(ex.getKey()).isEqualTo("limited");
			assertThat(ex.getLimit()).isEqualTo(3);
			assertThat(ex.getRecordedLimit()).isEqualTo(2);
			assertThat(ex.getMessage()).doesNotContain(two.getOwner()).doesNotContain(three.getOwner());
		});
		assertThat(three.getState()).isEqualTo(new SemaphoreState(2, 1, RemainingTime.notHeld()));
		assertThat(eventsOf(dev.distlock.event.LockUnexpectedErrorEvent.class)).isEmpty();
		assertThat(two.release()).isTrue();
		assertThat(three.acquire()).isTrue();
		assertThat(two.getState().limit()).isEqualTo(3);
	}

	@Test
	void anExpiredSlotComesBackAndItsOldHoldersReleaseReturnsFalse() {
		Semaphore expiring = semaphore("expiring", 1, LockSettings.defaults().withTtl(shortTtl()));
		Semaphore next = semaphore("expiring", 1, LockSettings.defaults().withTtl(LONG_TTL));
		// No check that the other is refused before: on a loaded machine the short TTL may be over by then.
		assertThat(expiring.acquire()).isTrue();
		awaitExpiry(expiring);
		assertThat(next.acquire()).isTrue();
		assertThat(expiring.release()).isFalse();
		assertThat(next.getState().held()).isOne();
	}

	@Test
	void releaseAndRefreshWithoutASlotReturnFalse() {
		Semaphore holder = semaphore("guarded", 2);
		Semaphore other = semaphore("guarded", 2);
		assertThat(holder.acquire()).isTrue();
		assertThat(other.release()).isFalse();
		assertThat(other.refresh()).isFalse();
		assertThatThrownBy(other::releaseOrFail).isInstanceOf(UnownedReleaseException.class);
		assertThat(holder.getState().held()).isOne();
	}

	@Test
	void refreshSetsTheSlotsRemainingTimeAndASlotWithoutExpiryIsNotRefreshed() {
		Semaphore refreshed = semaphore("refreshed", 2, LockSettings.defaults().withTtl(Duration.ofSeconds(10)));
		Semaphore forever = semaphore("refreshed", 2, LockSettings.defaults().withExpiry(Expiry.never()));
		assertThat(refreshed.acquire()).isTrue();
		assertThat(refreshed.refresh(Duration.ofMinutes(5))).isTrue();
		assertThat(refreshed.getState().ownSlot()).isInstanceOfSatisfying(RemainingTime.ExpiresIn.class,
				(left) -> assertThat(left.remaining()).isGreaterThan(Duration.ofMinutes(4)));
		assertThat(forever.acquire()).isTrue();
		assertThat(forever.getState().ownSlot()).isEqualTo(RemainingTime.neverExpires());
		assertThat(forever.refresh()).isFalse();
	}

	@Test
	void forceReleaseAllFreesEverySlotAndItsHoldersFindOut() {
		Semaphore first = semaphore("forced", 3);
		Semaphore second = semaphore("forced", 3);
		Semaphore operator = semaphore("forced", 3);
		assertThat(first.acquire()).isTrue();
		assertThat(second.acquire()).isTrue();
		assertThat(operator.forceReleaseAll()).isEqualTo(2);
		assertThat(operator.getState().held()).isZero();
		assertThat(first.release()).isFalse();
		assertThat(operator.forceReleaseAll()).isZero();
		assertThat(eventsOf(LockForceReleasedEvent.class)).extracting(LockForceReleasedEvent::released)
			.containsExactly(true, false);
	}

	@Test
	void everySlotGetsAGreaterFencingTokenThanAnyBefore() {
		Semaphore first = semaphore("fenced", 2);
		Semaphore second = semaphore("fenced", 2);
		assertThat(first.acquire()).isTrue();
		assertThat(second.acquire()).isTrue();
		long firstToken = first.getFencingToken().getAsLong();
		long secondToken = second.getFencingToken().getAsLong();
		assertThat(secondToken).isGreaterThan(firstToken);
		assertThat(first.release()).isTrue();
		assertThat(second.release()).isTrue();
		assertThat(first.acquire()).isTrue();
		assertThat(first.getFencingToken().getAsLong()).isGreaterThan(secondToken);
	}

	@Test
	void stateTellsTheLimitHowManyHoldAndThisOwnersSlot() {
		Semaphore holder = semaphore("state", 4, LockSettings.defaults().withTtl(LONG_TTL));
		Semaphore other = semaphore("state", 4);
		assertThat(holder.getState()).isEqualTo(new SemaphoreState(4, 0, RemainingTime.notHeld()));
		assertThat(holder.acquire()).isTrue();
		assertThat(other.acquire()).isTrue();
		SemaphoreState state = holder.getState();
		assertThat(state.limit()).isEqualTo(4);
		assertThat(state.held()).isEqualTo(2);
		assertThat(state.freeSlots()).isEqualTo(2);
		assertThat(state.ownSlot()).isInstanceOfSatisfying(RemainingTime.ExpiresIn.class,
				(left) -> assertThat(left.remaining()).isPositive().isLessThanOrEqualTo(LONG_TTL));
	}

	@Test
	void aBlockedAcquireGetsTheSlotWhenOneIsFreed() throws Exception {
		Semaphore holder = semaphore("blocking", 1);
		Semaphore waiter = semaphore("blocking", 1);
		assertThat(holder.acquire()).isTrue();
		// If the waiter is not waiting yet when the slot is freed, it simply gets it at its first attempt.
		CompletableFuture<Boolean> acquired = CompletableFuture
			.supplyAsync(() -> waiter.acquireBlocking(new BlockingSettings(LONG_WAIT, Duration.ofSeconds(5))));
		assertThat(holder.release()).isTrue();
		// Well before its 5-second retry interval: the freed slot woke it, or it polled sooner than asked.
		assertThat(acquired.get(signalsReleases() ? 4 : 10, TimeUnit.SECONDS)).isTrue();
		assertThat(waiter.getState().ownSlot()).isInstanceOf(RemainingTime.Held.class);
	}

	@Test
	void aBlockedAcquireGivesUpAfterItsWaitTime() {
		Semaphore holder = semaphore("timeout", 1);
		Semaphore waiter = semaphore("timeout", 1);
		assertThat(holder.acquire()).isTrue();
		assertThat(waiter.acquireBlocking(new BlockingSettings(Duration.ofMillis(300), Duration.ofMillis(50))))
			.isFalse();
		assertThat(waiter.getState().held()).isOne();
	}

	@Test
	void runRunsTheWorkInASlotAndTellsWhenTheSemaphoreIsFull() {
		Semaphore holder = semaphore("run", 1);
		Semaphore other = semaphore("run", 1);
		assertThat(holder.run(() -> holder.getState().ownSlot() instanceof RemainingTime.Held))
			.isEqualTo(LockResult.acquired(true));
		assertThat(holder.getState().held()).isZero();
		assertThat(holder.acquire()).isTrue();
		assertThat(other.run(() -> "ran")).isInstanceOf(LockResult.NotAcquired.class);
		assertThatThrownBy(() -> other.runOrFail(() -> "ran")).isInstanceOf(KeyAlreadyAcquiredException.class);
	}

	@Test
	void aRestoredHandleReleasesTheOriginalsSlot() {
		Semaphore original = semaphore("handed-over", 2, LockSettings.defaults().withTtl(LONG_TTL));
		assertThat(original.acquire()).isTrue();
		SemaphoreHandle handle = original.toHandle();
		assertThat(handle.toString()).doesNotContain(original.getOwner());
		assertThat(handle.limit()).isEqualTo(2);
		Semaphore restored = this.provider.restore(handle);
		assertThat(restored.getOwner()).isEqualTo(original.getOwner());
		assertThat(restored.getFencingToken()).isEqualTo(original.getFencingToken());
		assertThat(restored.release()).isTrue();
		assertThat(original.getState().held()).isZero();
	}

	@Test
	void aRenewedSlotOutlivesItsTtl() {
		Semaphore renewed = semaphore("renewed", 1,
				LockSettings.defaults().withTtl(Duration.ofMillis(600)).withRenewal(Renewal.ENABLED));
		Semaphore other = semaphore("renewed", 1);
		assertThat(renewed.acquire()).isTrue();
		// Three TTLs in real time: without renewal the slot would be gone twice over.
		await().pollDelay(Duration.ofMillis(1800)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(other.acquire()).isFalse();
		assertThat(renewed.isLost()).isFalse();
		assertThat(renewed.release()).isTrue();
	}

	@Test
	void eventsNameTheSemaphoresKeyAndNeverItsOwner() {
		Semaphore holder = semaphore("evented", 1);
		Semaphore other = semaphore("evented", 1);
		assertThat(holder.acquire()).isTrue();
		assertThat(other.acquire()).isFalse();
		assertThat(holder.release()).isTrue();
		assertThat(eventsOf(LockAcquiredEvent.class)).singleElement()
			.satisfies((event) -> assertThat(event.lock().getKey()).isEqualTo("evented"));
		assertThat(eventsOf(LockUnavailableEvent.class)).hasSize(1);
		assertThat(eventsOf(LockReleasedEvent.class)).hasSize(1);
		assertThat(this.events).allSatisfy((event) -> assertThat(event.toString()).doesNotContain(holder.getOwner())
			.doesNotContain(other.getOwner()));
		assertThat(holder.toString()).doesNotContain(holder.getOwner());
	}

	@Test
	void badLimitsAndKeysAreRefusedNamingTheArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create("key", 0))
			.withMessageContaining("limit");
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create("key", -1))
			.withMessageContaining("limit");
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create(" ", 1))
			.withMessageContaining("key");
	}

	@Test
	void eightThreadsOnALimitOfTwoNeverHoldMoreThanTwoSlots() throws Exception {
		int threads = 8;
		int iterations = 25;
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger mostInside = new AtomicInteger();
		AtomicInteger ran = new AtomicInteger();
		CyclicBarrier start = new CyclicBarrier(threads);
		ExecutorService pool = executor(threads);
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Semaphore semaphore = semaphore("contended", 2);
			workers.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < iterations; i++) {
					semaphore.runBlockingOrFail(() -> {
						int now = inside.incrementAndGet();
						mostInside.accumulateAndGet(now, Math::max);
						stayAWhile();
						inside.decrementAndGet();
						ran.incrementAndGet();
					}, new BlockingSettings(LONG_WAIT, Duration.ofMillis(20)));
				}
				return null;
			}));
		}
		for (Future<?> worker : workers) {
			worker.get(2, TimeUnit.MINUTES);
		}
		assertThat(ran).hasValue(threads * iterations);
		assertThat(mostInside.get()).isBetween(1, 2);
	}

	// The SPI's rules, straight on the adapter.

	@Test
	void theLimitIsCheckedAlsoForAnOwnerThatHoldsASlot() {
		SemaphoreAdapter spi = adapter();
		String key = "contract:semaphore:" + UUID.randomUUID();
		assertThat(spi.acquire(key, 2, "owner", LONG_TTL, 1)).isInstanceOf(AcquireResult.Acquired.class);
		assertThatThrownBy(() -> spi.acquire(key, 5, "owner", LONG_TTL, 2))
			.isInstanceOfSatisfying(LimitMismatchException.class, (ex) -> assertThat(ex.getRecordedLimit()).isEqualTo(2));
		assertThat(spi.acquire(key, 2, "owner", LONG_TTL, 3)).isInstanceOf(AcquireResult.AlreadyHeld.class);
		assertThat(spi.holders(key).limit()).isEqualTo(2);
		spi.forceReleaseAll(key);
	}

	@Test
	void releaseRefreshAndUndoConcernTheOwnersSlotTokenAndAttempt() {
		SemaphoreAdapter spi = adapter();
		String key = "contract:semaphore:" + UUID.randomUUID();
		AcquireResult slot = spi.acquire(key, 3, "owner", LONG_TTL, 7);
		assertThat(slot).isInstanceOf(AcquireResult.Acquired.class);
		long token = ((AcquireResult.Acquired) slot).token();
		assertThat(spi.release(key, "other", LockAdapter.ANY_TOKEN)).isEqualTo(UpdateResult.NOT_HELD);
		assertThat(spi.release(key, "owner", token + 1)).isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(spi.refresh(key, "owner", token, LONG_TTL)).isEqualTo(UpdateResult.UPDATED);
		assertThat(spi.undoAcquire(key, "owner", 8)).isFalse();
		assertThat(spi.acquire(key, 3, "owner", LONG_TTL, 9)).isInstanceOf(AcquireResult.AlreadyHeld.class);
		assertThat(spi.undoAcquire(key, "owner", 7)).as("the hold was adopted by the second acquire").isFalse();
		assertThat(spi.release(key, "owner", token)).isEqualTo(UpdateResult.UPDATED);
		assertThat(spi.holders(key)).isEqualTo(SemaphoreHolders.none());
		assertThat(spi.acquire(key, 3, "owner", LONG_TTL, 10)).isInstanceOf(AcquireResult.Acquired.class);
		assertThat(spi.undoAcquire(key, "owner", 10)).isTrue();
		assertThat(spi.holders(key)).isEqualTo(SemaphoreHolders.none());
	}

	@Test
	void aFullSemaphoreSaysWhenItsSoonestSlotEnds() {
		SemaphoreAdapter spi = adapter();
		String key = "contract:semaphore:" + UUID.randomUUID();
		assertThat(spi.acquire(key, 2, "first", Duration.ofSeconds(40), 1)).isInstanceOf(AcquireResult.Acquired.class);
		assertThat(spi.acquire(key, 2, "second", LONG_TTL, 2)).isInstanceOf(AcquireResult.Acquired.class);
		assertThat(spi.acquire(key, 2, "third", LONG_TTL, 3)).isInstanceOfSatisfying(AcquireResult.Unavailable.class,
				(full) -> assertThat(full.remainingTime()).isNotNull()
					.isPositive()
					.isLessThanOrEqualTo(Duration.ofSeconds(40)));
		spi.forceReleaseAll(key);
	}

	/**
	 * Tells whether the adapter wakes blocked acquires when a slot is freed (its {@code watchReleases}).
	 * @return {@code true} unless overridden
	 */
	protected boolean signalsReleases() {
		return true;
	}

	// Work that takes a moment (half a millisecond, busy), so that holders overlap if the backend lets them.
	private static void stayAWhile() {
		long until = System.nanoTime() + 500_000;
		while (System.nanoTime() - until < 0) {
			Thread.onSpinWait();
		}
	}

	private ExecutorService executor(int threads) {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		this.executors.add(executor);
		return executor;
	}

	private <E extends LockEvent> List<E> eventsOf(Class<E> type) {
		synchronized (this.events) {
			return this.events.stream().filter(type::isInstance).map(type::cast).toList();
		}
	}

	private Semaphore semaphore(String key, int limit) {
		return semaphore(key, limit, LockSettings.defaults());
	}

	private Semaphore semaphore(String key, int limit, LockSettings settings) {
		Semaphore semaphore = this.provider.create(key, limit, settings);
		this.created.add(semaphore);
		return semaphore;
	}

}
