package dev.distlock.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.distlock.BlockingSettings;
import dev.distlock.Expiry;
import dev.distlock.KeyAlreadyAcquiredException;
import dev.distlock.Lock;
import dev.distlock.LockBackendException;
import dev.distlock.LockHandle;
import dev.distlock.LockInterruptedException;
import dev.distlock.LockLostException;
import dev.distlock.LockProvider;
import dev.distlock.LockResult;
import dev.distlock.LockSettings;
import dev.distlock.LockState;
import dev.distlock.LostLockPolicy;
import dev.distlock.Namespace;
import dev.distlock.ReleaseErrorPolicy;
import dev.distlock.RemainingTime;
import dev.distlock.Renewal;
import dev.distlock.Ticker;
import dev.distlock.UnownedRefreshException;
import dev.distlock.UnownedReleaseException;
import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockForceReleasedEvent;
import dev.distlock.event.LockLostEvent;
import dev.distlock.event.LockRefreshFailedEvent;
import dev.distlock.event.LockRefreshedEvent;
import dev.distlock.event.LockReleaseFailedEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.event.LockSubscription;
import dev.distlock.event.LockUnavailableEvent;
import dev.distlock.event.LockUnexpectedErrorEvent;

/**
 * The contract every {@link LockAdapter} meets, run through the standard {@link LockProvider} so that it checks what
 * users see: the semantics of every {@link Lock} method, the events they fire, blocking, namespaces, bad input,
 * backend faults and concurrency.
 *
 * <p>An adapter's test extends this class and returns the adapter under test:
 * <pre>{@code
 * class MemoryLockAdapterContractTests extends LockAdapterContractTests {
 *     private final MutableClock clock = new MutableClock();
 *
 *     @Override
 *     protected LockAdapter adapter() {
 *         return new MemoryLockAdapter(this.clock);
 *     }
 *
 *     @Override
 *     protected void awaitExpiry(Lock lock) {
 *         this.clock.advance(((Expiry.After) lock.getExpiry()).ttl());
 *     }
 * }
 * }</pre>
 * Each test runs in a fresh, random namespace and force releases the locks it created, so adapters on a shared
 * server need no flushing.
 * @since 0.1.0
 */
public abstract class LockAdapterContractTests {

	private static final Duration LONG_TTL = Duration.ofMinutes(1);

	// The default expiry LockProvider.Builder documents for locks that set none.
	private static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

	private static final Duration LONG_WAIT = Duration.ofSeconds(30);

	private final List<Lock> createdLocks = new ArrayList<>();

	// Not copy-on-write: the concurrency tests record tens of thousands of events.
	private final List<LockEvent> events = Collections.synchronizedList(new ArrayList<>());

	private final List<ExecutorService> executors = new ArrayList<>();

	private final List<LockProvider> providers = new ArrayList<>();

	private InstrumentedLockAdapter adapter;

	private LockProvider provider;

	/**
	 * The adapter under test. Called once per test; may return the same instance every time, as long as it is
	 * connected to the same backend.
	 * @return the adapter
	 */
	protected abstract LockAdapter adapter();

	/**
	 * Lets {@code lock}'s TTL run out. The default waits in real time until the lock's owner no longer holds the key
	 * (not until the key is free: a polling waiter may take it the moment it expires); adapters on an injected
	 * clock override it to move their clock by the TTL instead.
	 * @param lock an acquired lock with a TTL
	 */
	protected void awaitExpiry(Lock lock) {
		Duration ttl = ((Expiry.After) lock.getExpiry()).ttl();
		await().atMost(ttl.plusSeconds(10))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> !(lock.getState() instanceof LockState.Acquired));
	}

	/**
	 * The TTL of locks that tests let expire: short for real-time adapters, anything for clock-driven ones.
	 * @return the short TTL; 200 milliseconds unless overridden
	 */
	protected Duration shortTtl() {
		return Duration.ofMillis(200);
	}

	/**
	 * Tells whether the adapter wakes blocked acquires on release (its {@code watchReleases} capability).
	 * @return {@code true} unless overridden
	 */
	protected boolean signalsReleases() {
		return true;
	}

	/**
	 * How many times each of the 16 threads of the contended exclusion test runs its critical section.
	 * @return 2,000 unless overridden; an adapter whose every acquire and release is a database transaction may ask
	 * for fewer, to keep the suite's run time in bounds
	 */
	protected int contendedSectionsPerThread() {
		return 2_000;
	}

	@BeforeEach
	void createProvider() {
		this.adapter = new InstrumentedLockAdapter(adapter());
		this.provider = newProvider(randomNamespace(), Ticker.system());
		this.provider.addListener(this.events::add);
	}

	@AfterEach
	void releaseCreatedLocks() {
		this.executors.forEach(ExecutorService::shutdownNow);
		this.adapter.failWith(null);
		this.adapter.failReleasesWith(null);
		this.adapter.resumeUndos();
		this.createdLocks.forEach(Lock::forceRelease);
		this.providers.forEach(LockProvider::close);
	}

	// 1. acquire is idempotent for the owner and does not extend the TTL

	@Test
	void acquireByTheHolderReturnsTrueWithoutExtendingTheTtlAndOneReleaseFreesTheKey() {
		Lock lock = lock("idempotent", LockSettings.defaults().withTtl(LONG_TTL));
		assertThat(lock.acquire()).isTrue();
		assertThat(lock.refresh(Duration.ofSeconds(10))).isTrue();
		assertThat(lock.acquire()).isTrue();
		assertThat(lock.getRemainingTime()).isInstanceOfSatisfying(RemainingTime.ExpiresIn.class,
				(expiresIn) -> assertThat(expiresIn.remaining()).isPositive()
					.isLessThanOrEqualTo(Duration.ofSeconds(10)));
		assertThat(lock.release()).isTrue();
		assertThat(lock.isExpired()).isTrue();
	}

	// 2. a key held by another owner cannot be acquired

	@Test
	void acquireOfAKeyHeldByAnotherOwnerReturnsFalseAndOrFailThrows() {
		Lock holder = lock("contended");
		Lock other = lock("contended");
		assertThat(holder.acquire()).isTrue();
		assertThat(other.acquire()).isFalse();
		assertThatThrownBy(other::acquireOrFail).isInstanceOf(KeyAlreadyAcquiredException.class)
			.satisfies((ex) -> assertThat(((KeyAlreadyAcquiredException) ex).getKey()).isEqualTo("contended"));
		assertThat(other.getState()).isEqualTo(new LockState.Unavailable(holder.getOwner()));
	}

	// 3. once the TTL has passed, anyone may acquire and the old owner's release fails

	@Test
	void afterTheTtlAnyoneMayAcquireAndTheOldOwnersReleaseReturnsFalse() {
		Lock first = lock("expiring", LockSettings.defaults().withTtl(shortTtl()));
		Lock second = lock("expiring", LockSettings.defaults().withTtl(LONG_TTL));
		assertThat(first.acquire()).isTrue();
		awaitExpiry(first);
		assertThat(first.isExpired()).isTrue();
		assertThat(second.acquire()).isTrue();
		assertThat(first.release()).isFalse();
		assertThat(second.getState()).isInstanceOf(LockState.Acquired.class);
	}

	// 4. release and refresh by a non-owner change nothing

	@Test
	void releaseAndRefreshByANonOwnerReturnFalseAndChangeNothing() {
		Lock holder = lock("guarded", LockSettings.defaults().withTtl(Duration.ofSeconds(30)));
		Lock other = lock("guarded");
		assertThat(holder.acquire()).isTrue();
		assertThat(other.release()).isFalse();
		assertThat(other.refresh()).isFalse();
		assertThat(other.refresh(Duration.ofHours(1))).isFalse();
		assertThatThrownBy(other::releaseOrFail).isInstanceOf(UnownedReleaseException.class);
		assertThatThrownBy(other::refreshOrFail).isInstanceOf(UnownedRefreshException.class);
		assertThat(holder.getRemainingTime()).isInstanceOfSatisfying(RemainingTime.ExpiresIn.class,
				(expiresIn) -> assertThat(expiresIn.remaining()).isPositive()
					.isLessThanOrEqualTo(Duration.ofSeconds(30)));
		assertThat(other.acquire()).isFalse();
	}

	@Test
	void releaseOfAKeyNobodyHoldsReturnsFalse() {
		Lock lock = lock("never-acquired");
		assertThat(lock.release()).isFalse();
		assertThat(lock.refresh()).isFalse();
	}

	// 5. forceRelease frees the key whatever its owner

	@Test
	void forceReleaseFreesAKeyHeldByAnotherOwnerAndTellsWhetherALockExisted() {
		Lock holder = lock("forced");
		Lock other = lock("forced");
		assertThat(holder.acquire()).isTrue();
		assertThat(other.forceRelease()).isTrue();
		assertThat(holder.isExpired()).isTrue();
		assertThat(other.forceRelease()).isFalse();
		assertThat(other.acquire()).isTrue();
		assertThat(eventsOf(LockForceReleasedEvent.class)).extracting(LockForceReleasedEvent::released)
			.containsExactly(true, false);
	}

	@Test
	void forceReleaseOfAnExpiredLockReturnsFalse() {
		Lock lock = lock("forced-expired", LockSettings.defaults().withTtl(shortTtl()));
		assertThat(lock.acquire()).isTrue();
		awaitExpiry(lock);
		assertThat(lock.forceRelease()).isFalse();
	}

	// 6. refresh works only for the owner of an expiring lock

	@Test
	void refreshWithATtlSetsTheRemainingTimeFromNow() {
		Lock lock = lock("refreshed", LockSettings.defaults().withTtl(Duration.ofSeconds(10)));
		assertThat(lock.acquire()).isTrue();
		assertThat(lock.refresh(Duration.ofMinutes(10))).isTrue();
		assertThat(lock.getRemainingTime()).isInstanceOfSatisfying(RemainingTime.ExpiresIn.class,
				(expiresIn) -> assertThat(expiresIn.remaining())
			.isGreaterThan(Duration.ofMinutes(9)).isLessThanOrEqualTo(Duration.ofMinutes(10)));
		assertThat(eventsOf(LockRefreshedEvent.class)).extracting(LockRefreshedEvent::ttl)
			.containsExactly(Duration.ofMinutes(10));
	}

	@Test
	void refreshWithoutATtlUsesTheLocksOwnTtl() {
		Lock lock = lock("refreshed-own", LockSettings.defaults().withTtl(Duration.ofMinutes(10)));
		assertThat(lock.acquire()).isTrue();
		assertThat(lock.refresh()).isTrue();
		assertThat(lock.getRemainingTime()).isInstanceOfSatisfying(RemainingTime.ExpiresIn.class,
				(expiresIn) -> assertThat(expiresIn.remaining()).isGreaterThan(Duration.ofMinutes(9)));
	}

	@Test
	void aRefreshWithATtlMakesItTheLocksTtlForLaterRefreshesAndHandles() {
		Lock lock = lock("refreshed-ttl", LockSettings.defaults().withTtl(Duration.ofSeconds(5)));
		assertThat(lock.acquire()).isTrue();
		assertThat(lock.refresh(Duration.ofMinutes(10))).isTrue();
		assertThat(lock.getExpiry()).isEqualTo(Expiry.after(Duration.ofMinutes(10)));
		assertThat(lock.toHandle().expiry()).isEqualTo(Expiry.after(Duration.ofMinutes(10)));
		assertThat(lock.refresh()).isTrue();
		assertThat(lock.getRemainingTime()).isInstanceOfSatisfying(RemainingTime.ExpiresIn.class,
				(expiresIn) -> assertThat(expiresIn.remaining()).isGreaterThan(Duration.ofMinutes(9)));
		Lock other = lock("refreshed-ttl-failed", LockSettings.defaults().withTtl(Duration.ofSeconds(5)));
		assertThat(other.refresh(Duration.ofMinutes(10))).isFalse();
		assertThat(other.getExpiry()).isEqualTo(Expiry.after(Duration.ofSeconds(5)));
	}

	@Test
	void refreshOfALockThatNeverExpiresReturnsFalse() {
		Lock lock = lock("forever", LockSettings.defaults().withExpiry(Expiry.never()));
		assertThat(lock.acquire()).isTrue();
		assertThat(lock.refresh()).isFalse();
		assertThat(lock.refresh(Duration.ofSeconds(5))).isFalse();
		assertThatThrownBy(() -> lock.refreshOrFail(Duration.ofSeconds(5)))
			.isInstanceOf(UnownedRefreshException.class);
		assertThat(lock.getState()).isInstanceOfSatisfying(LockState.Acquired.class,
				(acquired) -> assertThat(acquired.remainingTime()).isEqualTo(RemainingTime.neverExpires()));
		assertThat(eventsOf(LockRefreshFailedEvent.class)).hasSize(3);
	}

	@Test
	void refreshAfterExpiryReturnsFalse() {
		Lock lock = lock("refresh-expired", LockSettings.defaults().withTtl(shortTtl()));
		assertThat(lock.acquire()).isTrue();
		awaitExpiry(lock);
		assertThat(lock.refresh()).isFalse();
		assertThat(lock.isExpired()).isTrue();
	}

	// 7. remaining time

	@Test
	void remainingTimeExpiresOnlyForTheOwnerOfALiveExpiringLockAndNeverForALockWithoutExpiry() {
		Lock expiring = lock("remaining", LockSettings.defaults().withTtl(LONG_TTL));
		Lock other = lock("remaining");
		Lock forever = lock("remaining-forever", LockSettings.defaults().withExpiry(Expiry.never()));
		assertThat(expiring.getRemainingTime()).isEqualTo(RemainingTime.notHeld());
		assertThat(expiring.acquire()).isTrue();
		assertThat(expiring.getRemainingTime()).isInstanceOfSatisfying(RemainingTime.ExpiresIn.class,
				(expiresIn) -> assertThat(expiresIn.remaining()).isPositive().isLessThanOrEqualTo(LONG_TTL));
		assertThat(other.getRemainingTime()).isEqualTo(RemainingTime.notHeld());
		assertThat(forever.acquire()).isTrue();
		assertThat(forever.getRemainingTime()).isEqualTo(RemainingTime.neverExpires());
		assertThat(forever.isLocked()).isTrue();
	}

	@Test
	void remainingTimeIsNotHeldOnceExpired() {
		Lock lock = lock("remaining-expired", LockSettings.defaults().withTtl(shortTtl()));
		assertThat(lock.acquire()).isTrue();
		awaitExpiry(lock);
		assertThat(lock.getRemainingTime()).isEqualTo(RemainingTime.notHeld());
		assertThat(lock.getState()).isEqualTo(new LockState.Expired());
	}

	@Test
	void locksUseTheProvidersDefaultTtlUnlessTheySetTheirOwn() {
		Lock byDefault = lock("default-ttl");
		assertThat(this.provider.getDefaultExpiry()).isEqualTo(Expiry.after(DEFAULT_TTL));
		assertThat(byDefault.getExpiry()).isEqualTo(Expiry.after(DEFAULT_TTL));
		assertThat(byDefault.acquire()).isTrue();
		assertThat(byDefault.getRemainingTime()).isInstanceOfSatisfying(RemainingTime.ExpiresIn.class,
				(expiresIn) -> assertThat(expiresIn.remaining())
			.isGreaterThan(DEFAULT_TTL.minusMinutes(1))
			.isLessThanOrEqualTo(DEFAULT_TTL));
		assertThat(lock("no-expiry", LockSettings.defaults().withExpiry(Expiry.never())).getExpiry())
			.isEqualTo(Expiry.never());
	}

	// 8. blocking acquire

	@Test
	void blockingAcquireWithZeroWaitMakesExactlyOneAttempt() {
		Lock holder = lock("one-try");
		Lock waiter = lock("one-try");
		assertThat(holder.acquire()).isTrue();
		int before = this.adapter.acquireCalls();
		assertThat(waiter.acquireBlocking(BlockingSettings.of(Duration.ZERO, Duration.ofSeconds(1)))).isFalse();
		assertThat(this.adapter.acquireCalls() - before).isEqualTo(1);
		assertThat(eventsOf(LockUnavailableEvent.class)).hasSize(1);
	}

	@Test
	void blockingAcquireOfAFreeKeyReturnsAtOnce() {
		Lock lock = lock("free");
		assertThat(lock.acquireBlocking(BlockingSettings.of(LONG_WAIT, LONG_WAIT))).isTrue();
		assertThat(eventsOf(LockAcquiredEvent.class)).hasSize(1);
	}

	@Test
	void blockingAcquireRetriesUntilTheWaitTimeIsUp() {
		// Each reading of this ticker moves it 100 ms: a 1 s wait allows about ten attempts, whatever the machine's speed.
		LockProvider stepping = newProvider(randomNamespace(), new SteppingTicker(Duration.ofMillis(100)));
		Lock holder = track(stepping.create("retried"));
		Lock waiter = track(stepping.create("retried"));
		assertThat(holder.acquire()).isTrue();
		int before = this.adapter.acquireCalls();
		assertThat(waiter.acquireBlocking(BlockingSettings.of(Duration.ofSeconds(1), Duration.ofMillis(1)))).isFalse();
		assertThat(this.adapter.acquireCalls() - before).isBetween(5, 11);
		assertThatThrownBy(() -> waiter.acquireBlockingOrFail(BlockingSettings.of(Duration.ZERO, Duration.ofMillis(1))))
			.isInstanceOf(KeyAlreadyAcquiredException.class);
	}

	@Test
	void blockingAcquireReturnsAsSoonAsTheHolderReleasesNotAtTheNextInterval() throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(signalsReleases(), "the adapter does not signal releases");
		Lock holder = lock("hand-off");
		Lock waiter = lock("hand-off");
		assertThat(holder.acquire()).isTrue();
		int before = this.adapter.acquireCalls();
		// An interval as long as the wait: only a release signal can end the wait early.
		Future<Boolean> acquired = executor().submit(() -> waiter.acquireBlocking(BlockingSettings.of(LONG_WAIT, LONG_WAIT)));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.adapter.acquireCalls() > before);
		assertThat(holder.release()).isTrue();
		assertThat(acquired.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(waiter.getState()).isInstanceOf(LockState.Acquired.class);
	}

	@Test
	void blockingAcquireGetsAKeyWhoseHolderExpiresByPolling() throws Exception {
		Lock holder = lock("poll", LockSettings.defaults().withTtl(shortTtl()));
		Lock waiter = lock("poll");
		assertThat(holder.acquire()).isTrue();
		int before = this.adapter.acquireCalls();
		Future<Boolean> acquired = executor()
			.submit(() -> waiter.acquireBlocking(BlockingSettings.of(LONG_WAIT, Duration.ofMillis(20))));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.adapter.acquireCalls() > before);
		awaitExpiry(holder);
		assertThat(acquired.get(20, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void interruptingABlockedAcquireThrowsAndKeepsTheInterruptFlag() throws Exception {
		Lock holder = lock("interrupted");
		Lock waiter = lock("interrupted");
		assertThat(holder.acquire()).isTrue();
		AtomicReference<Throwable> thrown = new AtomicReference<>();
		AtomicBoolean flagKept = new AtomicBoolean();
		Thread thread = new Thread(() -> {
			try {
				waiter.acquireBlocking(BlockingSettings.of(LONG_WAIT, LONG_WAIT));
			}
			catch (Throwable ex) {
				thrown.set(ex);
				flagKept.set(Thread.currentThread().isInterrupted());
			}
		});
		int before = this.adapter.acquireCalls();
		thread.start();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.adapter.acquireCalls() > before);
		thread.interrupt();
		thread.join(TimeUnit.SECONDS.toMillis(10));
		assertThat(thrown.get()).isInstanceOf(LockInterruptedException.class);
		assertThat(flagKept).isTrue();
		assertThat(holder.getState()).isInstanceOf(LockState.Acquired.class);
	}

	// 9. run* release in finally and let the work's exception through unchanged

	@Test
	void runRunsTheWorkUnderTheLockAndReleasesIt() {
		Lock lock = lock("run");
		Lock other = lock("run");
		LockResult<Boolean> result = lock.run(() -> other.isLocked() && !other.acquire());
		assertThat(result).isEqualTo(LockResult.acquired(true));
		assertThat(lock.isExpired()).isTrue();
		assertThat(eventsOf(LockReleasedEvent.class)).hasSize(1);
	}

	@Test
	@SuppressWarnings("NullAway") // a false positive: outside JSpecify mode NullAway ignores run's @Nullable T
	void runTellsNotAcquiredApartFromWorkThatReturnedNull() {
		Lock holder = lock("run-null");
		Lock other = lock("run-null");
		LockResult<Object> nullValue = holder.run(() -> null);
		assertThat(nullValue.isAcquired()).isTrue();
		assertThat(nullValue.orElseThrow()).isNull();
		assertThat(holder.acquire()).isTrue();
		AtomicBoolean ran = new AtomicBoolean();
		LockResult<Object> notAcquired = other.run(() -> {
			ran.set(true);
			return "ran";
		});
		assertThat(notAcquired.isAcquired()).isFalse();
		assertThat(notAcquired.orElse("fallback")).isEqualTo("fallback");
		assertThat(other.run(() -> ran.set(true))).isEqualTo(LockResult.notAcquired());
		assertThat(ran).isFalse();
	}

	@Test
	void runOrFailThrowsWithoutRunningTheWorkWhenTheKeyIsHeld() {
		Lock holder = lock("run-or-fail");
		Lock other = lock("run-or-fail");
		assertThat(holder.acquire()).isTrue();
		AtomicBoolean ran = new AtomicBoolean();
		assertThatThrownBy(() -> other.runOrFail(() -> ran.set(true))).isInstanceOf(KeyAlreadyAcquiredException.class);
		assertThat(ran).isFalse();
		assertThat(holder.getState()).isInstanceOf(LockState.Acquired.class);
	}

	@Test
	void theWorksOwnExceptionReachesTheCallerUnchangedAndTheLockIsReleased() {
		Lock lock = lock("run-throws");
		IOException failure = new IOException("disk full");
		assertThatThrownBy(() -> lock.runOrFail(() -> {
			throw failure;
		})).isSameAs(failure);
		assertThat(lock.isExpired()).isTrue();
		assertThatThrownBy(() -> lock.run(() -> {
			throw failure;
		})).isSameAs(failure);
		assertThatThrownBy(() -> lock.runBlockingOrFail(() -> {
			throw failure;
		})).isSameAs(failure);
		assertThat(lock.isExpired()).isTrue();
		assertThat(eventsOf(LockReleasedEvent.class)).hasSize(3);
	}

	@Test
	void runBlockingWaitsForTheKeyAndReturnsTheWorksValue() throws Exception {
		Lock holder = lock("run-blocking");
		Lock waiter = lock("run-blocking");
		assertThat(holder.acquire()).isTrue();
		int before = this.adapter.acquireCalls();
		Future<LockResult<String>> result = executor()
			.submit(() -> waiter.runBlocking(() -> "done", BlockingSettings.of(LONG_WAIT, Duration.ofMillis(20))));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.adapter.acquireCalls() > before);
		holder.release();
		assertThat(result.get(20, TimeUnit.SECONDS)).isEqualTo(LockResult.acquired("done"));
		assertThat(waiter.isExpired()).isTrue();
		assertThat(holder.acquire()).isTrue();
		assertThat(waiter.runBlocking(() -> "late", BlockingSettings.of(Duration.ZERO, Duration.ofMillis(1))))
			.isEqualTo(LockResult.notAcquired());
		assertThatThrownBy(
				() -> waiter.runBlockingOrFail(() -> "late", BlockingSettings.of(Duration.ZERO, Duration.ofMillis(1))))
			.isInstanceOf(KeyAlreadyAcquiredException.class);
	}

	// 10. namespaces

	@Test
	void keysAreNamespacedAndGetKeyReturnsTheKeyAsGiven() {
		Lock lock = lock(List.of("orders", "42"));
		assertThat(lock.getKey()).isEqualTo("orders:42");
		assertThat(lock.acquire()).isTrue();
		// The namespace, the delimiter, the root marker, the delimiter, the key.
		String stored = this.provider.getNamespace().root() + ":_rt:orders:42";
		assertThat(this.adapter.state(stored)).hasValueSatisfying(
				(holder) -> assertThat(holder.owner()).isEqualTo(lock.getOwner()));
		assertThat(lock("orders:42").acquire()).isFalse();
	}

	@Test
	void providersWithDifferentNamespacesNeverSeeEachOthersLocksOrEvents() {
		LockProvider neighbour = newProvider(randomNamespace(), Ticker.system());
		List<LockEvent> neighbourEvents = new CopyOnWriteArrayList<>();
		neighbour.addListener(neighbourEvents::add);
		Lock mine = lock("shared-name");
		Lock theirs = track(neighbour.create("shared-name"));
		assertThat(mine.acquire()).isTrue();
		assertThat(theirs.isExpired()).isTrue();
		assertThat(theirs.acquire()).isTrue();
		assertThat(mine.release()).isTrue();
		assertThat(theirs.getState()).isInstanceOf(LockState.Acquired.class);
		assertThat(neighbourEvents).hasSize(1).allMatch((event) -> event.lock() == theirs);
		assertThat(this.events).allMatch((event) -> event.lock() == mine);
	}

	@Test
	void namespacesAndKeysThatJoinAlikeAreDifferentLocks() {
		// Without the root marker, ["app"] with key "x:1" and ["app", "x"] with key "1" were both "app:x:1".
		String app = "contract-" + UUID.randomUUID();
		Lock shorter = track(newProvider(Namespace.of(app), Ticker.system()).create("x:1"));
		Lock longer = track(newProvider(Namespace.of(List.of(app, "x")), Ticker.system()).create("1"));
		Lock slashed = track(newProvider(new Namespace(List.of(app, "x"), "/"), Ticker.system()).create("1"));
		assertThat(shorter.acquire()).isTrue();
		assertThat(longer.acquire()).as("the longer namespace's key, still free").isTrue();
		assertThat(slashed.acquire()).as("the same parts with another delimiter").isTrue();
		assertThat(this.adapter.state(app + ":_rt:x:1")).hasValueSatisfying(
				(holder) -> assertThat(holder.owner()).isEqualTo(shorter.getOwner()));
		assertThat(this.adapter.state(app + ":x:_rt:1")).hasValueSatisfying(
				(holder) -> assertThat(holder.owner()).isEqualTo(longer.getOwner()));
		assertThat(shorter.release()).isTrue();
		assertThat(longer.getState()).isInstanceOf(LockState.Acquired.class);
		assertThat(longer.release()).isTrue();
		assertThat(slashed.release()).isTrue();
	}

	@Test
	void keysThatAnEncodingOrACollationCouldMergeAreDifferentLocks() {
		// A lone surrogate never reaches the backend, where UTF-8 would make it '?'; what remains is stored exactly.
		List<String> keys = List.of("x?", "x\uFFFD", "x\uD83D\uDD12", "x\uD83D\uDD13", "x", "X", "x ", "x\u00A0");
		for (String key : keys) {
			assertThat(lock(key).acquire()).as("key %s", keys.indexOf(key)).isTrue();
		}
		int before = this.adapter.calls();
		assertThatIllegalArgumentException().isThrownBy(() -> lock("x\uD800"))
			.withMessage("key must be well-formed Unicode, but has a lone surrogate U+D800 at index 1");
		assertThatIllegalArgumentException().isThrownBy(() -> lock("x\uDFFF"))
			.withMessageStartingWith("key must be well-formed Unicode");
		assertThat(this.adapter.calls()).isEqualTo(before);
	}

	@Test
	void ownersMayBeChosenAndJoinedFromParts() {
		Lock byUser = lock("document", LockSettings.defaults().withOwner(List.of("user", "1")));
		Lock sameUser = lock("document", LockSettings.defaults().withOwner("user:1"));
		assertThat(byUser.getOwner()).isEqualTo("user:1");
		assertThat(byUser.acquire()).isTrue();
		assertThat(sameUser.getState()).isInstanceOf(LockState.Acquired.class);
		assertThat(sameUser.release()).isTrue();
		assertThat(lock("generated").getOwner()).isNotEqualTo(lock("generated").getOwner());
	}

	// Handing a lock to another provider (another process) on the same backend

	@Test
	void aLockRestoredFromItsHandleByAnotherProviderActsAsTheSameOwner() {
		Lock original = lock("handed-over", LockSettings.defaults().withTtl(LONG_TTL));
		assertThat(original.acquire()).isTrue();
		LockProvider elsewhere = newProvider(this.provider.getNamespace(), Ticker.system());
		Lock restored = track(elsewhere.restore(original.toHandle()));
		assertThat(restored.getKey()).isEqualTo("handed-over");
		assertThat(restored.getOwner()).isEqualTo(original.getOwner());
		assertThat(restored.getExpiry()).isEqualTo(Expiry.after(LONG_TTL));
		assertThat(restored.getState()).isInstanceOf(LockState.Acquired.class);
		assertThat(restored.refresh()).isTrue();
		assertThat(restored.release()).isTrue();
		assertThat(original.isExpired()).isTrue();
	}

	@Test
	void aHandleWithAnotherOwnerCannotReleaseTheLock() {
		Lock original = lock("tampered");
		assertThat(original.acquire()).isTrue();
		LockHandle handle = original.toHandle();
		Lock forged = track(this.provider.restore(
				new LockHandle(handle.namespace(), handle.key(), "someone-else", Expiry.never())));
		assertThat(forged.release()).isFalse();
		assertThat(original.getState()).isInstanceOf(LockState.Acquired.class);
		assertThatIllegalArgumentException()
			.isThrownBy(() -> newProvider(randomNamespace(), Ticker.system()).restore(handle))
			.withMessageContaining("namespace");
	}

	// 11. bad input fails early, naming the argument, without touching the adapter

	@Test
	@SuppressWarnings("NullAway") // passes null on purpose: the null checks are under test
	void badInputThrowsIllegalArgumentExceptionNamingTheArgumentBeforeTouchingTheAdapter() {
		Lock lock = lock("valid", LockSettings.defaults().withTtl(LONG_TTL));
		int before = this.adapter.calls();
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create((String) null)).withMessageContaining("key");
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create(" ")).withMessageContaining("key");
		// Blank of every kind: no-break spaces and invisible characters look as empty as spaces in every log.
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider.create("\u00A0\u2007\u202F\u200B\u2060\uFEFF"))
			.withMessage("key must not be null or blank");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider.create("k".repeat(LockProvider.MAX_KEY_LENGTH + 1)))
			.withMessage("key must be at most 1024 characters, was 1025: '" + "k".repeat(32) + "'…");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LockSettings.defaults().withOwner("o".repeat(LockProvider.MAX_OWNER_LENGTH + 1)))
			.withMessage("owner must be at most 256 characters, was 257");
		assertThatIllegalArgumentException().isThrownBy(() -> BlockingSettings.of(Duration.ZERO, Duration.ofNanos(1)))
			.withMessage("interval must be at least 1 ms, was PT0.000000001S");
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create(List.of())).withMessageContaining("keyParts");
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create(List.of("a", " ")))
			.withMessageContaining("keyParts[1]");
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create("k", null)).withMessageContaining("settings");
		assertThatIllegalArgumentException().isThrownBy(() -> LockSettings.defaults().withOwner(" "))
			.withMessageContaining("owner");
		assertThatIllegalArgumentException().isThrownBy(() -> LockSettings.defaults().withOwner(List.of("user", "")))
			.withMessageContaining("owner[1]");
		assertThatIllegalArgumentException().isThrownBy(() -> LockSettings.defaults().withTtl(Duration.ZERO))
			.withMessageContaining("ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> LockSettings.defaults().withTtl(Duration.ofSeconds(-1)))
			.withMessageContaining("ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> BlockingSettings.of(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
			.withMessageContaining("waitTime");
		assertThatIllegalArgumentException().isThrownBy(() -> BlockingSettings.of(Duration.ZERO, Duration.ofMillis(-1)))
			.withMessageContaining("interval");
		assertThatIllegalArgumentException().isThrownBy(() -> lock.refresh(Duration.ZERO)).withMessageContaining("ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> lock.refreshOrFail(Duration.ofMillis(-5)))
			.withMessageContaining("ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> lock.acquireBlocking(null)).withMessageContaining("settings");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LockProvider.builder(this.adapter).defaultExpiry(Expiry.after(Duration.ZERO)))
			.withMessageContaining("ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> LockProvider.builder(this.adapter).defaultExpiry(null))
			.withMessageContaining("expiry");
		assertThat(this.adapter.calls()).isEqualTo(before);
	}

	// Events: each operation fires what the seed lists, on success and failure alike

	@Test
	void everyOperationFiresItsEvent() {
		Lock lock = lock("events", LockSettings.defaults().withTtl(LONG_TTL));
		Lock other = lock("events");
		lock.acquire();
		other.acquire();
		lock.refresh(Duration.ofSeconds(30));
		other.refresh();
		other.release();
		lock.release();
		other.forceRelease();
		assertThat(this.events).extracting(Object::getClass).containsExactly(LockAcquiredEvent.class,
				LockUnavailableEvent.class, LockRefreshedEvent.class, LockRefreshFailedEvent.class,
				LockReleaseFailedEvent.class, LockReleasedEvent.class, LockForceReleasedEvent.class);
		assertThat(this.events).extracting(LockEvent::lock).containsExactly(lock, other, lock, other, other, lock, other);
		assertThat(this.events).extracting(LockEvent::origin).containsOnly(this.provider.getInstanceId());
	}

	@Test
	void listenersSelectEventsByTypeAndCanBeRemoved() {
		Lock lock = lock("listeners");
		List<LockAcquiredEvent> acquired = new CopyOnWriteArrayList<>();
		List<LockEvent> all = new CopyOnWriteArrayList<>();
		this.provider.addListener(LockAcquiredEvent.class, acquired::add);
		LockSubscription subscription = this.provider.subscribe(all::add);
		lock.acquire();
		lock.release();
		subscription.close();
		subscription.close();
		lock.acquire();
		assertThat(acquired).hasSize(2).allMatch((event) -> event.lock() == lock);
		assertThat(all).hasSize(2);
		List<LockEvent> removable = new CopyOnWriteArrayList<>();
		dev.distlock.event.LockEventListener<LockEvent> listener = removable::add;
		this.provider.addListener(listener);
		this.provider.removeListener(listener);
		lock.release();
		assertThat(removable).isEmpty();
	}

	@Test
	void aListenerThatThrowsBreaksNeitherTheOperationNorOtherListeners() {
		LockProvider provider = newProvider(randomNamespace(), Ticker.system());
		List<LockEvent> received = new CopyOnWriteArrayList<>();
		provider.addListener((event) -> {
			throw new IllegalStateException("listener bug");
		});
		provider.addListener(received::add);
		Lock lock = track(provider.create("throwing-listener"));
		assertThat(lock.acquire()).isTrue();
		assertThat(lock.release()).isTrue();
		assertThat(received).hasSize(2);
	}

	// Backend faults: a distlock exception with the cause, and an unexpected-error event

	@Test
	void aBackendFaultThrowsLockBackendExceptionWithItsCauseAndFiresUnexpectedError() {
		Lock lock = lock("faulty");
		IllegalStateException fault = new IllegalStateException("connection refused");
		this.adapter.failWith(fault);
		assertThatThrownBy(lock::acquire).isInstanceOf(LockBackendException.class).hasCause(fault);
		assertThatThrownBy(lock::getState).isInstanceOf(LockBackendException.class).hasCause(fault);
		assertThat(eventsOf(LockUnexpectedErrorEvent.class)).extracting(LockUnexpectedErrorEvent::error)
			.containsExactly(fault, fault);
		this.adapter.failWith(null);
		assertThat(lock.acquire()).isTrue();
	}

	@Test
	void aReleaseFaultAfterFailedWorkRidesAlongAsSuppressed() {
		Lock lock = lock("faulty-release", LockSettings.defaults().withTtl(shortTtl()));
		IOException failure = new IOException("work failed");
		this.adapter.failReleasesWith(new IllegalStateException("connection reset"));
		assertThatThrownBy(() -> lock.runOrFail(() -> {
			throw failure;
		})).isSameAs(failure);
		assertThat(failure.getSuppressed()).singleElement().isInstanceOf(LockBackendException.class);
	}

	@Test
	void aReleaseFaultAfterSuccessfulWorkReturnsTheValueAndFiresUnexpectedErrorUnlessThePolicyThrows() {
		Lock lock = lock("faulty-release-after-success", LockSettings.defaults().withTtl(shortTtl()));
		IllegalStateException fault = new IllegalStateException("connection reset");
		this.adapter.failReleasesWith(fault);
		assertThat(lock.runOrFail(() -> "value")).isEqualTo("value");
		assertThat(eventsOf(LockUnexpectedErrorEvent.class)).extracting(LockUnexpectedErrorEvent::error)
			.containsExactly(fault);
		this.adapter.failReleasesWith(null);
		lock.forceRelease();
		LockProvider throwing = track(LockProvider.builder(this.adapter)
			.namespace(randomNamespace())
			.releaseErrorPolicy(ReleaseErrorPolicy.THROW)
			.build());
		Lock strict = track(throwing.create("faulty-release-throws", LockSettings.defaults().withTtl(shortTtl())));
		this.adapter.failReleasesWith(fault);
		assertThatThrownBy(() -> strict.runOrFail(() -> "value")).isInstanceOf(LockBackendException.class)
			.hasCause(fault);
	}

	@Test
	void aLockWithoutExpiryWhoseReleaseFailedIsReleasedInTheBackgroundOnceTheBackendRecovers() {
		Lock lock = lock("faulty-release-forever", LockSettings.defaults().withExpiry(Expiry.never()));
		this.adapter.failReleasesWith(new IllegalStateException("connection reset"));
		assertThat(lock.runOrFail(() -> "value")).isEqualTo("value");
		assertThat(lock.isLocked()).isTrue();
		this.adapter.failReleasesWith(null);
		await().atMost(Duration.ofSeconds(10)).until(lock::isExpired);
	}

	// Integrity at the SPI: sealed results, fencing tokens, owner-and-token checks, the undo, batches

	@Test
	void spiAcquireSaysWhetherItAcquiredFoundItsOwnHoldOrFoundAnotherHolderAndForHowLong() {
		String key = qualified("spi-acquire");
		AcquireResult first = this.adapter.acquire(key, "owner-a", LONG_TTL, 1);
		assertThat(first).isInstanceOf(AcquireResult.Acquired.class);
		long token = ((AcquireResult.Acquired) first).token();
		assertThat(this.adapter.acquire(key, "owner-a", LONG_TTL, 2)).isInstanceOfSatisfying(
				AcquireResult.AlreadyHeld.class, (held) -> {
					assertThat(held.token()).isEqualTo(token);
					assertThat(held.remainingTime()).isPositive().isLessThanOrEqualTo(LONG_TTL);
				});
		assertThat(this.adapter.acquire(key, "owner-b", LONG_TTL, 3)).isInstanceOfSatisfying(
				AcquireResult.Unavailable.class,
				(unavailable) -> assertThat(unavailable.remainingTime()).isPositive().isLessThanOrEqualTo(LONG_TTL));
		assertThat(this.adapter.state(key)).hasValueSatisfying((holder) -> {
			assertThat(holder.owner()).isEqualTo("owner-a");
			assertThat(holder.token()).isEqualTo(token);
		});
		String forever = qualified("spi-acquire-forever");
		assertThat(this.adapter.acquire(forever, "owner-a", null, 4)).isInstanceOf(AcquireResult.Acquired.class);
		assertThat(this.adapter.acquire(forever, "owner-b", null, 5)).isEqualTo(new AcquireResult.Unavailable(null));
		this.adapter.forceRelease(key);
		this.adapter.forceRelease(forever);
	}

	@Test
	void spiTokensStrictlyIncreaseForAKeyAcrossReleasesAndExpiries() {
		String key = qualified("spi-tokens");
		List<Long> tokens = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			tokens.add(((AcquireResult.Acquired) this.adapter.acquire(key, "owner-" + i, LONG_TTL, i + 1)).token());
			assertThat(this.adapter.release(key, "owner-" + i, tokens.get(i))).isEqualTo(UpdateResult.UPDATED);
		}
		Lock expiring = lock("spi-tokens", LockSettings.defaults().withTtl(shortTtl()));
		assertThat(expiring.acquire()).isTrue();
		tokens.add(expiring.getFencingToken().orElseThrow());
		awaitExpiry(expiring);
		tokens.add(((AcquireResult.Acquired) this.adapter.acquire(key, "after-expiry", LONG_TTL, 9)).token());
		assertThat(tokens).isSorted().doesNotHaveDuplicates().allSatisfy((token) -> assertThat(token).isPositive());
		this.adapter.forceRelease(key);
	}

	@Test
	void spiReleaseAndRefreshCheckOwnerAndTokenAndSayWhatTheyFound() {
		String key = qualified("spi-checks");
		long token = ((AcquireResult.Acquired) this.adapter.acquire(key, "owner-a", LONG_TTL, 1)).token();
		assertThat(this.adapter.release(key, "owner-b", LockAdapter.ANY_TOKEN)).isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(this.adapter.release(key, "owner-a", token + 1)).isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(this.adapter.refresh(key, "owner-a", token + 1, LONG_TTL)).isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(this.adapter.refresh(key, "owner-b", token, LONG_TTL)).isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(this.adapter.refresh(key, "owner-a", token, LONG_TTL)).isEqualTo(UpdateResult.UPDATED);
		assertThat(this.adapter.refresh(key, "owner-a", LockAdapter.ANY_TOKEN, LONG_TTL))
			.isEqualTo(UpdateResult.UPDATED);
		assertThat(this.adapter.state(key)).map(LockHolder::token).contains(token);
		assertThat(this.adapter.release(key, "owner-a", token)).isEqualTo(UpdateResult.UPDATED);
		assertThat(this.adapter.release(key, "owner-a", token)).isEqualTo(UpdateResult.NOT_HELD);
		assertThat(this.adapter.refresh(key, "owner-a", token, LONG_TTL)).isEqualTo(UpdateResult.NOT_HELD);
		this.adapter.acquire(key, "owner-a", null, 2);
		assertThat(this.adapter.refresh(key, "owner-a", LockAdapter.ANY_TOKEN, LONG_TTL))
			.isEqualTo(UpdateResult.NEVER_EXPIRES);
		assertThat(this.adapter.state(key)).hasValueSatisfying((holder) -> assertThat(holder.remainingTime()).isNull());
		assertThat(this.adapter.release(key, "owner-a", LockAdapter.ANY_TOKEN)).isEqualTo(UpdateResult.UPDATED);
	}

	// Releasing later: a release before the minimum hold is over keeps the key until the minimum is over

	@Test
	void spiReleaseAfterChecksOwnerAndTokenAndLeavesTheHoldTheRemainingTime() {
		String key = qualified("spi-release-after");
		Duration remaining = Duration.ofSeconds(20);
		assertThat(this.adapter.releaseAfter(key, "owner-a", LockAdapter.ANY_TOKEN, remaining))
			.isEqualTo(UpdateResult.NOT_HELD);
		long token = ((AcquireResult.Acquired) this.adapter.acquire(key, "owner-a", LONG_TTL, 1)).token();
		assertThat(this.adapter.releaseAfter(key, "owner-b", LockAdapter.ANY_TOKEN, remaining))
			.isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(this.adapter.releaseAfter(key, "owner-a", token + 1, remaining))
			.isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(this.adapter.state(key)).hasValueSatisfying((holder) -> assertThat(holder.remainingTime())
			.isGreaterThan(remaining));
		assertThat(this.adapter.releaseAfter(key, "owner-a", token, remaining)).isEqualTo(UpdateResult.UPDATED);
		assertThat(this.adapter.state(key)).hasValueSatisfying((holder) -> {
			assertThat(holder.owner()).isEqualTo("owner-a");
			assertThat(holder.token()).isEqualTo(token);
			assertThat(holder.remainingTime()).isPositive().isLessThanOrEqualTo(remaining);
		});
		// A waiter that polls learns when the key frees: the hold's remaining time, not the TTL it was acquired with.
		assertThat(this.adapter.acquire(key, "owner-b", LONG_TTL, 2)).isInstanceOfSatisfying(
				AcquireResult.Unavailable.class,
				(unavailable) -> assertThat(unavailable.remainingTime()).isPositive().isLessThanOrEqualTo(remaining));
		assertThat(this.adapter.release(key, "owner-a", token)).isEqualTo(UpdateResult.UPDATED);
	}

	@Test
	void spiReleaseAfterGivesAHoldWithoutExpiryAnExpiry() {
		String key = qualified("spi-release-after-no-expiry");
		Duration remaining = Duration.ofSeconds(20);
		long token = ((AcquireResult.Acquired) this.adapter.acquire(key, "owner-a", null, 1)).token();
		assertThat(this.adapter.releaseAfter(key, "owner-a", token, remaining)).isEqualTo(UpdateResult.UPDATED);
		assertThat(this.adapter.state(key)).hasValueSatisfying((holder) -> assertThat(holder.remainingTime())
			.isNotNull()
			.isPositive()
			.isLessThanOrEqualTo(remaining));
		assertThat(this.adapter.release(key, "owner-a", token)).isEqualTo(UpdateResult.UPDATED);
	}

	@Test
	void aReleaseBeforeTheMinimumHoldKeepsTheKeyForTheRestOfItAndFiresReleased() {
		Duration minimum = Duration.ofSeconds(30);
		Lock holder = lock("hold-at-least", LockSettings.defaults().withTtl(LONG_TTL).withHoldAtLeast(minimum));
		Lock other = lock("hold-at-least");
		assertThat(holder.acquire()).isTrue();
		long token = holder.getFencingToken().orElseThrow();
		assertThat(holder.release()).isTrue();
		assertThat(holder.getFencingToken()).isEmpty();
		assertThat(holder.isLost()).isFalse();
		assertThat(eventsOf(LockReleasedEvent.class)).extracting(LockReleasedEvent::token).containsExactly(token);
		assertThat(other.acquire()).isFalse();
		assertThat(other.getState()).isEqualTo(new LockState.Unavailable(holder.getOwner()));
		assertThat(holder.getRemainingTime()).isInstanceOfSatisfying(RemainingTime.ExpiresIn.class,
				(expiresIn) -> assertThat(expiresIn.remaining()).isPositive().isLessThanOrEqualTo(minimum));
		assertThat(this.adapter.acquire(qualified("hold-at-least"), "a-waiter", LONG_TTL, 3))
			.isInstanceOfSatisfying(AcquireResult.Unavailable.class,
					(unavailable) -> assertThat(unavailable.remainingTime()).isLessThanOrEqualTo(minimum));
	}

	@Test
	void aKeyReleasedBeforeTheMinimumHoldFreesWhenTheMinimumIsOver() {
		Lock holder = lock("hold-at-least-expires",
				LockSettings.defaults().withTtl(LONG_TTL).withHoldAtLeast(shortTtl()));
		Lock other = lock("hold-at-least-expires", LockSettings.defaults().withTtl(LONG_TTL));
		assertThat(holder.acquire()).isTrue();
		assertThat(holder.release()).isTrue();
		awaitExpiry(holder);
		assertThat(other.acquire()).isTrue();
		assertThat(holder.isLost()).isFalse();
	}

	@Test
	void aReleaseAfterTheMinimumHoldFreesTheKeyAtOnce() {
		Lock holder = lock("hold-at-least-over",
				LockSettings.defaults().withTtl(LONG_TTL).withHoldAtLeast(Duration.ofNanos(1)));
		Lock other = lock("hold-at-least-over");
		assertThat(holder.acquire()).isTrue();
		assertThat(holder.release()).isTrue();
		assertThat(other.acquire()).isTrue();
	}

	@Test
	void aMinimumHoldOverTheTtlIsRefusedWhenTheLockIsCreated() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LockSettings.defaults().withTtl(Duration.ofSeconds(1)).withHoldAtLeast(LONG_TTL))
			.withMessageContaining("holdAtLeast");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> this.provider.create("too-long", LockSettings.defaults()
				.withHoldAtLeast(DEFAULT_TTL.plusSeconds(1))))
			.withMessageContaining("holdAtLeast");
	}

	@Test
	void spiUndoFreesOnlyTheHoldItsOwnAttemptCreatedWhileNobodyAdoptedIt() {
		String key = qualified("spi-undo");
		this.adapter.acquire(key, "user-42", null, 111);
		assertThat(this.adapter.undoAcquire(key, "user-42", 222)).isFalse();
		assertThat(this.adapter.undoAcquire(key, "someone-else", 111)).isFalse();
		assertThat(this.adapter.state(key)).isPresent();
		assertThat(this.adapter.undoAcquire(key, "user-42", 111)).isTrue();
		assertThat(this.adapter.state(key)).isEmpty();
		assertThat(this.adapter.undoAcquire(key, "user-42", 111)).isFalse();
		String adopted = qualified("spi-undo-adopted");
		this.adapter.acquire(adopted, "user-42", null, 333);
		// The same owner's second attempt found the hold already there and adopted it: no undo frees it now.
		assertThat(this.adapter.acquire(adopted, "user-42", null, 444)).isInstanceOf(AcquireResult.AlreadyHeld.class);
		assertThat(this.adapter.undoAcquire(adopted, "user-42", 333)).isFalse();
		assertThat(this.adapter.undoAcquire(adopted, "user-42", 444)).isFalse();
		assertThat(this.adapter.state(adopted)).isPresent();
		this.adapter.forceRelease(adopted);
	}

	@Test
	void spiRefreshAllRefreshesEachHoldOnItsOwnAndReportsEachResult() {
		List<Refresh> batch = new ArrayList<>();
		List<UpdateResult> expected = new ArrayList<>();
		for (int i = 0; i < 30; i++) {
			String key = qualified("spi-batch-" + i);
			long token = ((AcquireResult.Acquired) this.adapter.acquire(key, "owner", Duration.ofSeconds(5), i + 1))
				.token();
			boolean stale = i % 3 == 0;
			batch.add(new Refresh(key, "owner", stale ? token + 1 : token, LONG_TTL));
			expected.add(stale ? UpdateResult.HELD_BY_OTHER : UpdateResult.UPDATED);
		}
		batch.add(new Refresh(qualified("spi-batch-free"), "owner", 1, LONG_TTL));
		expected.add(UpdateResult.NOT_HELD);
		assertThat(this.adapter.refreshAll(batch)).containsExactlyElementsOf(expected);
		for (int i = 0; i < 30; i++) {
			Duration remaining = this.adapter.state(batch.get(i).key()).orElseThrow().remainingTime();
			if (i % 3 == 0) {
				assertThat(remaining).isLessThanOrEqualTo(Duration.ofSeconds(5));
			}
			else {
				assertThat(remaining).isGreaterThan(Duration.ofSeconds(5));
			}
			this.adapter.forceRelease(batch.get(i).key());
		}
	}

	// Fencing tokens through the lock

	@Test
	void theFencingTokenIsOnTheLockTheStateTheEventsAndTheHandleWhileHeld() {
		Lock lock = lock("fenced");
		assertThat(lock.getFencingToken()).isEmpty();
		assertThat(lock.acquire()).isTrue();
		long token = lock.getFencingToken().orElseThrow();
		assertThat(lock.getState()).isInstanceOfSatisfying(LockState.Acquired.class,
				(acquired) -> assertThat(acquired.token()).isEqualTo(token));
		assertThat(lock.toHandle().token()).isEqualTo(token);
		assertThat(eventsOf(LockAcquiredEvent.class)).extracting(LockAcquiredEvent::token).containsExactly(token);
		Lock restored = track(this.provider.restore(lock.toHandle()));
		assertThat(restored.getFencingToken()).hasValue(token);
		assertThat(lock.release()).isTrue();
		assertThat(lock.getFencingToken()).isEmpty();
		assertThat(lock.toHandle().token()).isZero();
		assertThat(eventsOf(LockReleasedEvent.class)).extracting(LockReleasedEvent::token).containsExactly(token);
		assertThat(lock.acquire()).isTrue();
		assertThat(lock.getFencingToken().orElseThrow()).isGreaterThan(token);
	}

	@Test
	void theSameOwnerAcquiringThroughAnotherLockKeepsTheHoldsToken() {
		Lock firstTab = lock("document:7", LockSettings.defaults().withOwner("user-42"));
		Lock secondTab = lock("document:7", LockSettings.defaults().withOwner("user-42"));
		assertThat(firstTab.acquire()).isTrue();
		assertThat(secondTab.acquire()).isTrue();
		assertThat(secondTab.getFencingToken()).isEqualTo(firstTab.getFencingToken());
	}

	@Test
	void aRestoredHandleReleasesOnlyTheHoldItCarries() {
		Lock original = lock("handle-token", LockSettings.defaults().withOwner("worker"));
		assertThat(original.acquire()).isTrue();
		LockHandle stale = original.toHandle();
		assertThat(original.release()).isTrue();
		Lock successor = lock("handle-token", LockSettings.defaults().withOwner("worker"));
		assertThat(successor.acquire()).isTrue();
		Lock restored = track(this.provider.restore(stale));
		assertThat(restored.release()).isFalse();
		assertThat(successor.getState()).isInstanceOf(LockState.Acquired.class);
	}

	// Lost locks are never silent

	@Test
	void workThatOutlivesItsLockEndsInLockLostExceptionCarryingTheWorksValue() {
		Lock lock = lock("outlived", LockSettings.defaults().withTtl(shortTtl()));
		Lock successor = lock("outlived");
		assertThatThrownBy(() -> lock.runOrFail(() -> {
			awaitExpiry(lock);
			assertThat(successor.acquire()).isTrue();
			return "done";
		})).isInstanceOfSatisfying(LockLostException.class, (lost) -> {
			assertThat(lost.getResult()).isEqualTo("done");
			assertThat(lost.getDetection()).isEqualTo(LockLostEvent.Detection.RELEASE);
			assertThat(lost.getKey()).isEqualTo("outlived");
			assertThat(lost.getMessage()).doesNotContain(lock.getOwner());
		});
		assertThat(lock.isLost()).isTrue();
		assertThat(eventsOf(LockLostEvent.class)).singleElement().satisfies((event) -> {
			assertThat(event.lock()).isSameAs(lock);
			assertThat(event.detection()).isEqualTo(LockLostEvent.Detection.RELEASE);
			assertThat(event.token()).isPositive();
		});
		// The loser's release freed nothing: its successor still holds the key.
		assertThat(successor.getState()).isInstanceOf(LockState.Acquired.class);
	}

	@Test
	void failedWorkUnderALostLockEndsInLockLostExceptionWithTheFailureAsCause() {
		Lock lock = lock("outlived-failing", LockSettings.defaults().withTtl(shortTtl()));
		IOException failure = new IOException("work failed");
		assertThatThrownBy(() -> lock.runOrFail(() -> {
			awaitExpiry(lock);
			throw failure;
		})).isInstanceOf(LockLostException.class).hasCause(failure);
	}

	@Test
	void underTheNotifyPolicyALostLockIsOnlyAnEvent() {
		LockProvider notifying = track(LockProvider.builder(this.adapter)
			.namespace(randomNamespace())
			.lostLockPolicy(LostLockPolicy.NOTIFY)
			.build());
		List<LockLostEvent> lost = new CopyOnWriteArrayList<>();
		notifying.addListener(LockLostEvent.class, lost::add);
		Lock lock = track(notifying.create("outlived-quietly", LockSettings.defaults().withTtl(shortTtl())));
		assertThat(lock.runOrFail(() -> {
			awaitExpiry(lock);
			return "done";
		})).isEqualTo("done");
		assertThat(lost).singleElement().extracting(LockLostEvent::detection).isEqualTo(LockLostEvent.Detection.RELEASE);
	}

	@Test
	void aRefreshThatFindsTheKeyTakenReportsTheLoss() {
		Lock lock = lock("refresh-lost", LockSettings.defaults().withTtl(shortTtl()));
		assertThat(lock.acquire()).isTrue();
		awaitExpiry(lock);
		assertThat(lock("refresh-lost").acquire()).isTrue();
		assertThat(lock.refresh()).isFalse();
		assertThat(lock.isLost()).isTrue();
		assertThat(lock.getFencingToken()).isEmpty();
		assertThat(eventsOf(LockLostEvent.class)).extracting(LockLostEvent::detection)
			.containsExactly(LockLostEvent.Detection.REFRESH);
		assertThat(lock.acquire()).isFalse();
		assertThat(lock.release()).isFalse();
		assertThat(eventsOf(LockLostEvent.class)).hasSize(1);
	}

	@Test
	void aReleaseOfALockNeverAcquiredIsNoLoss() {
		Lock lock = lock("never-held");
		assertThat(lock.release()).isFalse();
		assertThat(lock.isLost()).isFalse();
		assertThat(eventsOf(LockLostEvent.class)).isEmpty();
		assertThat(eventsOf(LockReleaseFailedEvent.class)).hasSize(1);
	}

	// Renewal

	@Test
	void aRenewedLockIsRefreshedInBatchesWhileHeldAndNoLongerOnceReleased() {
		Lock renewed = lock("renewed", LockSettings.defaults().withTtl(shortTtl()).withRenewal(Renewal.ENABLED));
		assertThat(renewed.acquire()).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.adapter.refreshAllCalls() >= 3);
		assertThat(renewed.getState()).isInstanceOf(LockState.Acquired.class);
		assertThat(renewed.isLost()).isFalse();
		assertThat(this.adapter.refreshAllKeys()).contains(qualified("renewed"));
		assertThat(renewed.release()).isTrue();
		Lock marker = lock("renewed-marker", LockSettings.defaults().withTtl(shortTtl()).withRenewal(Renewal.ENABLED));
		assertThat(marker.acquire()).isTrue();
		// From the marker's first renewal on (a batch in flight at the release has returned by then), renewals go on
		// for the marker only, never again for the released lock.
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.adapter.refreshAllKeys().contains(qualified("renewed-marker")));
		int keysBefore = this.adapter.refreshAllKeys().indexOf(qualified("renewed-marker"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.adapter.refreshAllKeys().size() >= keysBefore + 2);
		assertThat(this.adapter.refreshAllKeys().subList(keysBefore, this.adapter.refreshAllKeys().size()))
			.containsOnly(qualified("renewed-marker"));
		assertThat(renewed.isLost()).isFalse();
		assertThat(eventsOf(LockLostEvent.class)).isEmpty();
	}

	@Test
	void aRenewalThatFindsTheKeyTakenDeclaresTheLockLost() {
		Lock renewed = lock("renewal-lost", LockSettings.defaults().withTtl(shortTtl()).withRenewal(Renewal.ENABLED));
		assertThat(renewed.acquire()).isTrue();
		Lock intruder = lock("renewal-lost");
		assertThat(intruder.forceRelease()).isTrue();
		assertThat(intruder.acquire()).isTrue();
		// The event comes from the renewal thread: wait for it, not only for the flag set just before it.
		await().atMost(Duration.ofSeconds(10)).until(() -> !eventsOf(LockLostEvent.class).isEmpty());
		assertThat(renewed.isLost()).isTrue();
		assertThat(eventsOf(LockLostEvent.class)).extracting(LockLostEvent::detection)
			.containsExactly(LockLostEvent.Detection.RENEWAL);
		assertThat(renewed.getFencingToken()).isEmpty();
		assertThat(intruder.getState()).isInstanceOf(LockState.Acquired.class);
	}

	@Test
	void renewalsFailingUntilTheTtlRanOutDeclareTheLockLost() {
		Lock renewed = lock("renewal-failing",
				LockSettings.defaults().withTtl(shortTtl()).withRenewal(Renewal.ENABLED));
		assertThat(renewed.acquire()).isTrue();
		this.adapter.failWith(new IllegalStateException("connection refused"));
		await().atMost(Duration.ofSeconds(10)).until(() -> !eventsOf(LockLostEvent.class).isEmpty());
		this.adapter.failWith(null);
		assertThat(renewed.isLost()).isTrue();
		assertThat(eventsOf(LockLostEvent.class)).extracting(LockLostEvent::detection)
			.containsExactly(LockLostEvent.Detection.RENEWAL_FAILED);
		assertThatThrownBy(() -> renewed.releaseAfterWork("done")).isInstanceOf(LockLostException.class);
	}

	// Faults: bounded, undone, retried within the wait

	@Test
	void anAcquireThatFailedAfterTheBackendAppliedItIsUndoneInTheBackground() {
		Lock lock = lock("applied-then-failed", LockSettings.defaults().withExpiry(Expiry.never()));
		this.adapter.failAcquiresAfterApplyingWith(new IllegalStateException("command timed out"));
		assertThatThrownBy(lock::acquire).isInstanceOf(LockBackendException.class);
		this.adapter.failAcquiresAfterApplyingWith(null);
		await().atMost(Duration.ofSeconds(10)).until(lock::isExpired);
		assertThat(this.adapter.undoCalls()).isPositive();
	}

	@Test
	void anAcquireAppliedLateIsUndoneBeforeTheSameLocksNextAcquireNeverUnderItsFeet() throws Exception {
		Lock lock = lock("applied-late", LockSettings.defaults().withExpiry(Expiry.never()));
		this.adapter.pauseUndos();
		this.adapter.failAcquiresAfterApplyingWith(new IllegalStateException("command timed out"));
		assertThatThrownBy(lock::acquire).isInstanceOf(LockBackendException.class);
		this.adapter.failAcquiresAfterApplyingWith(null);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.adapter.undoCalls() >= 1);
		// The background undo is on its way. Were the next acquire to find the late hold "already held" and keep it,
		// the undo would free it under the holder's feet: the acquire must wait for the undo it owes.
		Future<Boolean> acquired = executor().submit(lock::acquire);
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !acquired.isDone());
		this.adapter.resumeUndos();
		assertThat(acquired.get(10, TimeUnit.SECONDS)).isTrue();
		long token = lock.getFencingToken().orElseThrow();
		assertThat(lock.getState()).isInstanceOfSatisfying(LockState.Acquired.class,
				(held) -> assertThat(held.token()).isEqualTo(token));
		assertThat(lock.release()).isTrue();
	}

	@Test
	void aHoldAppliedLateAndAdoptedByAnotherLockOfTheSameOwnerIsNeverFreedByTheUndo() throws Exception {
		LockSettings user42 = LockSettings.defaults().withOwner("user-42").withExpiry(Expiry.never());
		Lock firstTab = lock("document:9", user42);
		Lock secondTab = lock("document:9", user42);
		this.adapter.pauseUndos();
		this.adapter.failAcquiresAfterApplyingWith(new IllegalStateException("command timed out"));
		assertThatThrownBy(firstTab::acquire).isInstanceOf(LockBackendException.class);
		this.adapter.failAcquiresAfterApplyingWith(null);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.adapter.undoCalls() >= 1);
		// The first tab's acquire reached the backend after all; the second tab finds the hold and takes it on.
		assertThat(secondTab.acquire()).isTrue();
		this.adapter.resumeUndos();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.adapter.undosFinished() >= 1);
		assertThat(secondTab.getState()).isInstanceOfSatisfying(LockState.Acquired.class,
				(held) -> assertThat(held.token()).isEqualTo(secondTab.getFencingToken().orElseThrow()));
		assertThat(secondTab.release()).isTrue();
	}

	@Test
	void theUndoOfAFailedAcquireNeverFreesTheSameOwnersHoldThroughAnotherLock() {
		LockSettings user42 = LockSettings.defaults().withOwner("user-42").withExpiry(Expiry.never());
		Lock firstTab = lock("document:8", user42);
		Lock secondTab = lock("document:8", user42);
		assertThat(firstTab.acquire()).isTrue();
		this.adapter.failAcquiresAfterApplyingWith(new IllegalStateException("command timed out"));
		assertThatThrownBy(secondTab::acquire).isInstanceOf(LockBackendException.class);
		this.adapter.failAcquiresAfterApplyingWith(null);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.adapter.undoCalls() > 0);
		assertThat(firstTab.getState()).isInstanceOfSatisfying(LockState.Acquired.class,
				(acquired) -> assertThat(acquired.token()).isEqualTo(firstTab.getFencingToken().orElseThrow()));
		assertThat(firstTab.release()).isTrue();
	}

	@Test
	void aBlockingAcquireRetriesBackendFaultsWithinItsWaitAndThrowsOnlyWhenTheWaitEnds() throws Exception {
		Lock lock = lock("flaky-backend");
		this.adapter.failWith(new IllegalStateException("connection refused"));
		int before = this.adapter.calls();
		Future<Boolean> acquired = executor()
			.submit(() -> lock.acquireBlocking(BlockingSettings.of(LONG_WAIT, Duration.ofMillis(20))));
		// Attempts go on (each first owes the undo of the one before, which might have reached the backend).
		await().atMost(Duration.ofSeconds(10)).until(() -> this.adapter.calls() >= before + 3);
		this.adapter.failWith(null);
		assertThat(acquired.get(10, TimeUnit.SECONDS)).isTrue();
		Lock other = lock("flaky-backend-down");
		this.adapter.failWith(new IllegalStateException("connection refused"));
		assertThatThrownBy(() -> other.acquireBlocking(BlockingSettings.of(Duration.ofMillis(100), Duration.ofMillis(20))))
			.isInstanceOf(LockBackendException.class);
	}

	@Test
	void aWaiterTakesAnExpiringKeyWhenItExpiresNotAtItsNextInterval() throws Exception {
		Lock holder = lock("expiring-holder", LockSettings.defaults().withTtl(shortTtl()));
		Lock waiter = lock("expiring-holder");
		assertThat(holder.acquire()).isTrue();
		int before = this.adapter.acquireCalls();
		// An interval as long as the wait: only the holder's remaining time can bring the retry forward.
		Future<Boolean> acquired = executor().submit(() -> waiter.acquireBlocking(BlockingSettings.of(LONG_WAIT, LONG_WAIT)));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.adapter.acquireCalls() > before);
		awaitExpiry(holder);
		assertThat(acquired.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void anAcquireWhoseAnswerCameAfterItsTtlCountsAsNotAcquiredAndIsUndone() {
		// Every reading of this ticker is an hour later: each answer arrives long after a one-minute TTL.
		LockProvider slow = track(LockProvider.builder(this.adapter)
			.namespace(randomNamespace())
			.ticker(new SteppingTicker(Duration.ofHours(1)))
			.build());
		Lock lock = track(slow.create("late-answer", LockSettings.defaults().withTtl(LONG_TTL)));
		assertThat(lock.acquire()).isFalse();
		assertThat(lock.getFencingToken()).isEmpty();
		await().atMost(Duration.ofSeconds(10)).until(lock::isExpired);
	}

	@Test
	void anInterruptedWorkerStillReleasesItsLockAndKeepsItsInterruptFlag() throws Exception {
		Lock lock = lock("interrupted-worker");
		AtomicBoolean flagAfter = new AtomicBoolean();
		AtomicReference<Object> value = new AtomicReference<>();
		Future<?> done = executor().submit(() -> {
			value.set(lock.runOrFail(() -> {
				Thread.currentThread().interrupt();
				return "done";
			}));
			flagAfter.set(Thread.interrupted());
		});
		done.get(10, TimeUnit.SECONDS);
		assertThat(value).hasValue("done");
		assertThat(flagAfter).isTrue();
		assertThat(lock.isExpired()).isTrue();
		assertThat(eventsOf(LockUnexpectedErrorEvent.class)).isEmpty();
	}

	// Concurrency

	@Test
	void runBlockingOrFailExcludesConcurrentCallersOnOneKey() throws Exception {
		int threads = 16;
		int increments = contendedSectionsPerThread();
		int[] counter = { 0 };
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger overlaps = new AtomicInteger();
		List<Future<?>> workers = new ArrayList<>();
		ExecutorService executor = executor(threads);
		BlockingSettings patient = BlockingSettings.of(Duration.ofMinutes(2), Duration.ofMillis(50));
		for (int t = 0; t < threads; t++) {
			Lock lock = lock("counter");
			workers.add(executor.submit(() -> {
				for (int i = 0; i < increments; i++) {
					lock.runBlockingOrFail(() -> {
						// A plain read-yield-write: any second thread inside is counted, and would lose updates.
						if (inside.incrementAndGet() != 1) {
							overlaps.incrementAndGet();
						}
						int read = counter[0];
						Thread.yield();
						counter[0] = read + 1;
						inside.decrementAndGet();
					}, patient);
				}
			}));
		}
		for (Future<?> worker : workers) {
			worker.get(3, TimeUnit.MINUTES);
		}
		assertThat(overlaps).hasValue(0);
		synchronized (counter) {
			assertThat(counter[0]).isEqualTo(threads * increments);
		}
	}

	@Test
	void underContentionEveryReleaseWakesAWaiterWithoutWaitingForThePoll() throws Exception {
		org.junit.jupiter.api.Assumptions.assumeTrue(signalsReleases(), "the adapter does not signal releases");
		int waiters = 4;
		int bargers = 2;
		int rounds = 200;
		// Polls 30 s apart: a wake-up lost anywhere leaves a waiter stuck past the deadline below.
		BlockingSettings onlyWakeUps = BlockingSettings.of(Duration.ofMinutes(2), Duration.ofSeconds(30));
		ExecutorService executor = executor(waiters + bargers);
		List<Future<?>> workers = new ArrayList<>();
		for (int t = 0; t < waiters; t++) {
			Lock lock = lock("wake-ups");
			workers.add(executor.submit(() -> {
				for (int i = 0; i < rounds; i++) {
					lock.runBlockingOrFail(() -> {
					}, onlyWakeUps);
				}
			}));
		}
		for (int t = 0; t < bargers; t++) {
			// Plain acquires that never wait: they take keys a woken waiter was about to take.
			Lock lock = lock("wake-ups");
			workers.add(executor.submit(() -> {
				for (int i = 0; i < rounds; i++) {
					lock.run(() -> {
					});
				}
			}));
		}
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
		for (Future<?> worker : workers) {
			worker.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
	}

	@Test
	void locksOnDistinctKeysNeverBlockEachOther() throws Exception {
		int threads = 8;
		CyclicBarrier allInside = new CyclicBarrier(threads);
		ExecutorService executor = executor(threads);
		List<Future<Boolean>> results = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			Lock lock = lock("distinct-" + t);
			// Each holds its own lock until every other one holds its own too: only possible if none blocks another.
			results.add(executor.submit(() -> lock.runOrFail(() -> {
				allInside.await(10, TimeUnit.SECONDS);
				return true;
			})));
		}
		for (Future<Boolean> result : results) {
			assertThat(result.get(20, TimeUnit.SECONDS)).isTrue();
		}
	}

	// Helpers

	private LockProvider newProvider(Namespace namespace, Ticker ticker) {
		LockProvider provider = LockProvider.builder(this.adapter).namespace(namespace).ticker(ticker).build();
		this.providers.add(provider);
		return provider;
	}

	private String qualified(String key) {
		return this.provider.getNamespace().qualify(key);
	}

	private static Namespace randomNamespace() {
		return Namespace.of(List.of("contract", UUID.randomUUID().toString()));
	}

	private Lock lock(String key) {
		return track(this.provider.create(key));
	}

	private Lock lock(String key, LockSettings settings) {
		return track(this.provider.create(key, settings));
	}

	private Lock lock(List<String> keyParts) {
		return track(this.provider.create(keyParts));
	}

	private LockProvider track(LockProvider provider) {
		this.providers.add(provider);
		return provider;
	}

	private Lock track(Lock lock) {
		this.createdLocks.add(lock);
		return lock;
	}

	private <E extends LockEvent> List<E> eventsOf(Class<E> type) {
		return this.events.stream().filter(type::isInstance).map(type::cast).toList();
	}

	private ExecutorService executor() {
		return executor(1);
	}

	private ExecutorService executor(int threads) {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		this.executors.add(executor);
		return executor;
	}

	/** A ticker that moves forward by a step every time it is read. */
	private static final class SteppingTicker implements Ticker {

		private final AtomicLong now = new AtomicLong();

		private final long step;

		SteppingTicker(Duration step) {
			this.step = step.toNanos();
		}

		@Override
		public long read() {
			return this.now.getAndAdd(this.step);
		}

	}

}
