package dev.distlock.test;

import static org.assertj.core.api.Assertions.assertThat;
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
import dev.distlock.Lease;
import dev.distlock.LockResult;
import dev.distlock.LockSettings;
import dev.distlock.LockUpgradeException;
import dev.distlock.Namespace;
import dev.distlock.ReadWriteLock;
import dev.distlock.ReadWriteLockHandle;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.ReadWriteLockState;
import dev.distlock.RemainingTime;
import dev.distlock.adapter.ReadWriteLockAdapter;
import dev.distlock.LockMode;
import dev.distlock.Renewal;
import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.ReadWriteHolders;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.adapter.UpgradeRefusedException;
import dev.distlock.event.LockEvent;

/**
 * The contract every {@link ReadWriteLockAdapter} meets, run through the standard {@link ReadWriteLockProvider}:
 * readers share, a writer excludes everyone, writer preference, no upgrade, downgrade, expiry, force release, state,
 * fencing tokens, {@code run*}, handles, events and concurrency.
 *
 * <p>An adapter's test extends this class and returns the adapter under test:
 * <pre>{@code
 * class MemoryReadWriteLockAdapterContractTests extends ReadWriteLockAdapterContractTests {
 *     @Override
 *     protected ReadWriteLockAdapter adapter() {
 *         return new MemoryReadWriteLockAdapter();
 *     }
 * }
 * }</pre>
 * Each test runs in a fresh, random namespace and frees the keys it used.
 * @since 0.1.0
 */
public abstract class ReadWriteLockAdapterContractTests {

	private static final Duration LONG_TTL = Duration.ofMinutes(1);

	private static final Duration LONG_WAIT = Duration.ofSeconds(30);

	private final List<ReadWriteLock> created = new ArrayList<>();

	private final List<LockEvent> events = Collections.synchronizedList(new ArrayList<>());

	private final List<ExecutorService> executors = new ArrayList<>();

	private ReadWriteLockProvider provider;

	/**
	 * The adapter under test. Called once per test; may return the same instance every time, as long as it is
	 * connected to the same backend.
	 * @return the adapter
	 */
	protected abstract ReadWriteLockAdapter adapter();

	/**
	 * Lets {@code lease}'s TTL run out. The default waits in real time until its owner no longer holds it; adapters
	 * on an injected clock override it to move their clock instead.
	 * @param lease a read or write half holding the key, with a TTL
	 */
	protected void awaitExpiry(Lease lease) {
		Duration ttl = ((Expiry.After) lease.getExpiry()).ttl();
		await().atMost(ttl.plusSeconds(10))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> lease.getRemainingTime() instanceof RemainingTime.NotHeld);
	}

	/**
	 * The TTL of holds that tests let expire.
	 * @return the short TTL; 200 milliseconds unless overridden
	 */
	protected Duration shortTtl() {
		return Duration.ofMillis(200);
	}

	@BeforeEach
	void createProvider() {
		this.provider = ReadWriteLockProvider.create(adapter(),
				(builder) -> builder.namespace(Namespace.of(List.of("contract", UUID.randomUUID().toString()))));
		this.provider.addListener(this.events::add);
	}

	@AfterEach
	void freeKeys() {
		this.executors.forEach(ExecutorService::shutdownNow);
		this.created.forEach(ReadWriteLock::forceReleaseAll);
		this.provider.close();
	}

	@Test
	void readersShareTheKey() {
		ReadWriteLock first = lock("shared");
		ReadWriteLock second = lock("shared");
		assertThat(first.readLock().acquire()).isTrue();
		assertThat(second.readLock().acquire()).isTrue();
		ReadWriteLockState state = first.getState();
		assertThat(state.readers()).isEqualTo(2);
		assertThat(state.writeLocked()).isFalse();
		assertThat(state.ownRead()).isInstanceOf(RemainingTime.Held.class);
		assertThat(state.ownWrite()).isEqualTo(RemainingTime.notHeld());
	}

	@Test
	void aWriterExcludesReadersAndWriters() {
		ReadWriteLock writer = lock("exclusive");
		ReadWriteLock reader = lock("exclusive");
		ReadWriteLock otherWriter = lock("exclusive");
		assertThat(writer.writeLock().acquire()).isTrue();
		assertThat(reader.readLock().acquire()).isFalse();
		assertThat(otherWriter.writeLock().acquire()).isFalse();
		assertThatThrownBy(otherWriter.writeLock()::acquireOrFail).isInstanceOf(KeyAlreadyAcquiredException.class);
		assertThat(reader.getState().writeLocked()).isTrue();
		assertThat(writer.writeLock().release()).isTrue();
		assertThat(reader.readLock().acquire()).isTrue();
	}

	@Test
	void readersExcludeAWriter() {
		ReadWriteLock reader = lock("read-first");
		ReadWriteLock writer = lock("read-first");
		assertThat(reader.readLock().acquire()).isTrue();
		assertThat(writer.writeLock().acquire()).isFalse();
		assertThat(reader.readLock().release()).isTrue();
		assertThat(writer.writeLock().acquire()).isTrue();
	}

	@Test
	void anUpgradeIsRefusedAtOnceInsteadOfWaitingForItself() {
		ReadWriteLock lock = lock("upgrade");
		assertThat(lock.readLock().acquire()).isTrue();
		assertThatThrownBy(lock.writeLock()::acquire).isInstanceOfSatisfying(LockUpgradeException.class,
				(ex) -> assertThat(ex.getMessage()).contains("upgrade").doesNotContain(lock.getOwner()));
		assertThatThrownBy(() -> lock.writeLock().acquireBlocking(new BlockingSettings(LONG_WAIT,
				Duration.ofMillis(50))))
			.isInstanceOf(LockUpgradeException.class);
		assertThatThrownBy(() -> lock.writeLock().run(() -> "work")).isInstanceOf(LockUpgradeException.class);
		assertThat(lock.readLock().release()).isTrue();
		assertThat(lock.writeLock().acquire()).isTrue();
	}

	@Test
	void aWriterMayDowngradeToARead() {
		ReadWriteLock lock = lock("downgrade");
		ReadWriteLock other = lock("downgrade");
		assertThat(lock.writeLock().acquire()).isTrue();
		assertThat(lock.readLock().acquire()).isTrue();
		assertThat(other.readLock().acquire()).isFalse();
		assertThat(lock.writeLock().release()).isTrue();
		ReadWriteLockState state = lock.getState();
		assertThat(state.readers()).isOne();
		assertThat(state.writeLocked()).isFalse();
		assertThat(other.writeLock().acquire()).isFalse();
		assertThat(other.readLock().acquire()).isTrue();
	}

	@Test
	void aWaitingWriterKeepsNewReadersOutUntilItHasWritten() throws Exception {
		ReadWriteLock firstReader = lock("writer-preference");
		ReadWriteLock writer = lock("writer-preference");
		ReadWriteLock lateReader = lock("writer-preference");
		assertThat(firstReader.readLock().acquire()).isTrue();
		CompletableFuture<Boolean> written = CompletableFuture.supplyAsync(
				() -> writer.writeLock().acquireBlocking(new BlockingSettings(LONG_WAIT, Duration.ofMillis(50))));
		await().atMost(Duration.ofSeconds(10)).until(() -> firstReader.getState().waitingWriters() == 1);
		assertThat(lateReader.readLock().acquire()).as("a reader arriving while a writer waits").isFalse();
		assertThat(firstReader.readLock().release()).isTrue();
		assertThat(written.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(firstReader.getState().waitingWriters()).isZero();
		assertThat(lateReader.readLock().acquire()).isFalse();
		assertThat(writer.writeLock().release()).isTrue();
		assertThat(lateReader.readLock().acquire()).isTrue();
	}

	@Test
	void aStreamOfOverlappingReadersCannotStarveAWaitingWriter() throws Exception {
		// Four readers that hand the key on to each other: one leaves only while another is in, so the key is never
		// without a reader, unless a read was refused since it came in. Without writer preference nothing is ever
		// refused, they go on for ever, and the writer waits out its 20 seconds. With it, the writer's intent refuses
		// the next reader, the ones inside leave, and the writer gets in.
		int readers = 4;
		java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
		AtomicInteger inside = new AtomicInteger();
		AtomicInteger refused = new AtomicInteger();
		AtomicInteger reads = new AtomicInteger();
		ExecutorService pool = executor(readers);
		for (int t = 0; t < readers; t++) {
			ReadWriteLock reader = lock("stream");
			pool.submit(() -> {
				while (!stop.get()) {
					if (!reader.readLock().acquire()) {
						refused.incrementAndGet();
						continue;
					}
					inside.incrementAndGet();
					reads.incrementAndGet();
					int refusedBefore = refused.get();
					boolean countedOut = leaveWhileAnotherIsIn(inside);
					while (!countedOut && refused.get() == refusedBefore && !stop.get()) {
						java.util.concurrent.locks.LockSupport.parkNanos(100_000);
						countedOut = leaveWhileAnotherIsIn(inside);
					}
					if (!countedOut) {
						inside.decrementAndGet();
					}
					reader.readLock().release();
				}
				return null;
			});
		}
		ReadWriteLock first = lock("stream");
		await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() >= 20);
		ReadWriteLock writer = lock("stream");
		try {
			assertThat(writer.writeLock().acquireBlocking(new BlockingSettings(Duration.ofSeconds(20),
					Duration.ofMillis(20))))
				.as("the writer got in while readers kept handing the key on")
				.isTrue();
			assertThat(first.getState().readers()).isZero();
		}
		finally {
			stop.set(true);
		}
		assertThat(refused.get()).isPositive();
		assertThat(writer.writeLock().release()).isTrue();
	}

	// Leaves (counts itself out) only if another reader stays in: the key is never left without one.
	private static boolean leaveWhileAnotherIsIn(AtomicInteger inside) {
		int now = inside.get();
		return now >= 2 && inside.compareAndSet(now, now - 1);
	}

	@Test
	void aWriterThatGivesUpWaitingLetsReadersInAgain() {
		ReadWriteLock reader = lock("given-up");
		ReadWriteLock writer = lock("given-up");
		ReadWriteLock lateReader = lock("given-up");
		assertThat(reader.readLock().acquire()).isTrue();
		assertThat(writer.writeLock().acquireBlocking(new BlockingSettings(Duration.ofMillis(300),
				Duration.ofMillis(50))))
			.isFalse();
		assertThat(reader.getState().waitingWriters()).isZero();
		assertThat(lateReader.readLock().acquire()).isTrue();
	}

	@Test
	void aNonBlockingWriteLeavesNoIntent() {
		ReadWriteLock reader = lock("no-intent");
		ReadWriteLock writer = lock("no-intent");
		assertThat(reader.readLock().acquire()).isTrue();
		assertThat(writer.writeLock().acquire()).isFalse();
		assertThat(reader.getState().waitingWriters()).isZero();
		assertThat(lock("no-intent").readLock().acquire()).isTrue();
	}

	@Test
	void anExpiredWriteLetsOthersIn() {
		ReadWriteLock writer = lock("expiring", LockSettings.defaults().withTtl(shortTtl()));
		ReadWriteLock reader = lock("expiring", LockSettings.defaults().withTtl(LONG_TTL));
		// No check that the reader is refused before: on a loaded machine the short TTL may be over by then.
		assertThat(writer.writeLock().acquire()).isTrue();
		awaitExpiry(writer.writeLock());
		assertThat(reader.readLock().acquire()).isTrue();
		assertThat(writer.writeLock().release()).isFalse();
	}

	@Test
	void anExpiredReadLetsAWriterIn() {
		ReadWriteLock reader = lock("expiring-read", LockSettings.defaults().withTtl(shortTtl()));
		ReadWriteLock writer = lock("expiring-read", LockSettings.defaults().withTtl(LONG_TTL));
		assertThat(reader.readLock().acquire()).isTrue();
		awaitExpiry(reader.readLock());
		assertThat(writer.writeLock().acquire()).isTrue();
	}

	@Test
	void aBlockedReaderGetsInWhenTheWriterReleases() throws Exception {
		ReadWriteLock writer = lock("blocked-reader");
		ReadWriteLock reader = lock("blocked-reader");
		assertThat(writer.writeLock().acquire()).isTrue();
		CompletableFuture<Boolean> read = CompletableFuture.supplyAsync(
				() -> reader.readLock().acquireBlocking(new BlockingSettings(LONG_WAIT, Duration.ofSeconds(5))));
		assertThat(writer.writeLock().release()).isTrue();
		// Well before its 5-second retry interval (if it was waiting already): the release woke it.
		assertThat(read.get(signalsReleases() ? 4 : 10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void forceReleaseAllFreesEveryHold() {
		ReadWriteLock first = lock("forced");
		ReadWriteLock second = lock("forced");
		assertThat(first.readLock().acquire()).isTrue();
		assertThat(second.readLock().acquire()).isTrue();
		assertThat(first.forceReleaseAll()).isEqualTo(2);
		assertThat(first.getState().isFree()).isTrue();
		assertThat(second.readLock().release()).isFalse();
		assertThat(lock("forced").writeLock().acquire()).isTrue();
	}

	@Test
	void everyHoldOfEitherModeGetsAGreaterFencingToken() {
		ReadWriteLock first = lock("fenced");
		ReadWriteLock second = lock("fenced");
		assertThat(first.readLock().acquire()).isTrue();
		assertThat(second.readLock().acquire()).isTrue();
		long firstRead = first.readLock().getFencingToken().getAsLong();
		long secondRead = second.readLock().getFencingToken().getAsLong();
		assertThat(secondRead).isGreaterThan(firstRead);
		assertThat(first.readLock().release()).isTrue();
		assertThat(second.readLock().release()).isTrue();
		assertThat(first.writeLock().acquire()).isTrue();
		assertThat(first.writeLock().getFencingToken().getAsLong()).isGreaterThan(secondRead);
	}

	@Test
	void runRunsTheWorkUnderTheHalfAndReleasesIt() {
		ReadWriteLock lock = lock("run");
		ReadWriteLock other = lock("run");
		assertThat(lock.writeLock().run(() -> other.readLock().acquire())).isEqualTo(LockResult.acquired(false));
		assertThat(lock.getState().isFree()).isTrue();
		assertThat(lock.readLock().runOrFail(() -> other.readLock().acquire())).isTrue();
		assertThat(lock("run").writeLock().run(() -> "written")).isInstanceOf(LockResult.NotAcquired.class);
	}

	@Test
	void aRestoredHandleReleasesTheOriginalsHolds() {
		ReadWriteLock original = lock("handed-over", LockSettings.defaults().withTtl(LONG_TTL));
		assertThat(original.writeLock().acquire()).isTrue();
		assertThat(original.readLock().acquire()).isTrue();
		ReadWriteLockHandle handle = original.toHandle();
		assertThat(handle.toString()).doesNotContain(original.getOwner());
		ReadWriteLock restored = this.provider.restore(handle);
		assertThat(restored.getOwner()).isEqualTo(original.getOwner());
		assertThat(restored.writeLock().getFencingToken()).isEqualTo(original.writeLock().getFencingToken());
		assertThat(restored.writeLock().release()).isTrue();
		assertThat(restored.readLock().release()).isTrue();
		assertThat(original.getState().isFree()).isTrue();
	}

	@Test
	void eventsAndTextsNeverShowTheOwner() {
		ReadWriteLock lock = lock("evented");
		assertThat(lock.writeLock().acquire()).isTrue();
		assertThat(lock.writeLock().release()).isTrue();
		assertThat(this.events).isNotEmpty()
			.allSatisfy((event) -> assertThat(event.toString()).doesNotContain(lock.getOwner()));
		assertThat(this.events).allSatisfy((event) -> assertThat(event.lock().getKey()).isEqualTo("evented"));
		assertThat(lock.toString()).doesNotContain(lock.getOwner());
		assertThat(lock.writeLock().toString()).doesNotContain(lock.getOwner());
	}

	@Test
	void sixReadersAndTwoWritersNeverOverlapAWrite() throws Exception {
		int readers = 6;
		int writers = 2;
		int iterations = 20;
		AtomicInteger reading = new AtomicInteger();
		AtomicInteger writing = new AtomicInteger();
		AtomicInteger violations = new AtomicInteger();
		AtomicInteger writes = new AtomicInteger();
		AtomicInteger reads = new AtomicInteger();
		CyclicBarrier start = new CyclicBarrier(readers + writers);
		ExecutorService pool = executor(readers + writers);
		List<Future<?>> workers = new ArrayList<>();
		BlockingSettings blocking = new BlockingSettings(LONG_WAIT, Duration.ofMillis(20));
		for (int t = 0; t < readers + writers; t++) {
			boolean writer = t < writers;
			ReadWriteLock lock = lock("contended");
			workers.add(pool.submit(() -> {
				start.await();
				for (int i = 0; i < iterations; i++) {
					if (writer) {
						lock.writeLock().runBlockingOrFail(() -> {
							if (writing.incrementAndGet() != 1 || reading.get() != 0) {
								violations.incrementAndGet();
							}
							stayAWhile();
							writing.decrementAndGet();
							writes.incrementAndGet();
						}, blocking);
					}
					else {
						lock.readLock().runBlockingOrFail(() -> {
							reading.incrementAndGet();
							if (writing.get() != 0) {
								violations.incrementAndGet();
							}
							stayAWhile();
							if (writing.get() != 0) {
								violations.incrementAndGet();
							}
							reading.decrementAndGet();
							reads.incrementAndGet();
						}, blocking);
					}
				}
				return null;
			}));
		}
		for (Future<?> worker : workers) {
			worker.get(2, TimeUnit.MINUTES);
		}
		assertThat(violations).hasValue(0);
		assertThat(writes).hasValue(writers * iterations);
		assertThat(reads).hasValue(readers * iterations);
	}

	// Work that takes a moment (half a millisecond, busy), so that holders overlap if the backend lets them.
	private static void stayAWhile() {
		long until = System.nanoTime() + 500_000;
		while (System.nanoTime() - until < 0) {
			Thread.onSpinWait();
		}
	}

	// The SPI's rules, straight on the adapter: what the provider's objects cannot show on their own.

	@Test
	void anIntentIsRecordedOnlyForARefusedWaitingWriteAndLeaveQueueWithdrawsIt() {
		ReadWriteLockAdapter spi = adapter();
		String key = spiKey();
		assertThat(spi.acquire(key, LockMode.READ, "reader", LONG_TTL, 1, null))
			.isInstanceOf(AcquireResult.Acquired.class);
		assertThat(spi.acquire(key, LockMode.WRITE, "writer", LONG_TTL, 2, null))
			.isInstanceOf(AcquireResult.Unavailable.class);
		assertThat(spi.holders(key).waitingWriters()).isZero();
		assertThat(spi.acquire(key, LockMode.WRITE, "writer", LONG_TTL, 3, LONG_WAIT))
			.isInstanceOf(AcquireResult.Unavailable.class);
		assertThat(spi.holders(key).waitingWriters()).isOne();
		assertThat(spi.acquire(key, LockMode.READ, "late-reader", LONG_TTL, 4, null))
			.isInstanceOf(AcquireResult.Unavailable.class);
		assertThat(spi.acquire(key, LockMode.READ, "reader", LONG_TTL, 5, null))
			.as("a reader that is in already keeps its read").isInstanceOf(AcquireResult.AlreadyHeld.class);
		spi.leaveQueue(key, "writer");
		assertThat(spi.holders(key).waitingWriters()).isZero();
		assertThat(spi.acquire(key, LockMode.READ, "late-reader", LONG_TTL, 6, null))
			.isInstanceOf(AcquireResult.Acquired.class);
		spi.forceReleaseAll(key);
	}

	@Test
	void anIntentEndsAfterItsQueueTimeAndForceReleaseAllWithdrawsIntents() {
		ReadWriteLockAdapter spi = adapter();
		String key = spiKey();
		assertThat(spi.acquire(key, LockMode.READ, "reader", LONG_TTL, 1, null))
			.isInstanceOf(AcquireResult.Acquired.class);
		assertThat(spi.acquire(key, LockMode.WRITE, "writer", LONG_TTL, 2, shortTtl()))
			.isInstanceOf(AcquireResult.Unavailable.class);
		await().atMost(shortTtl().plusSeconds(10))
			.pollInterval(Duration.ofMillis(10))
			.until(() -> spi.holders(key).waitingWriters() == 0);
		assertThat(spi.acquire(key, LockMode.READ, "late-reader", LONG_TTL, 3, null))
			.isInstanceOf(AcquireResult.Acquired.class);
		assertThat(spi.acquire(key, LockMode.WRITE, "writer", LONG_TTL, 4, LONG_WAIT))
			.isInstanceOf(AcquireResult.Unavailable.class);
		assertThat(spi.forceReleaseAll(key)).isEqualTo(2);
		assertThat(spi.holders(key)).isEqualTo(ReadWriteHolders.none());
	}

	@Test
	void anOwnerWhoWritesMayReadDespiteAnotherWritersIntent() {
		ReadWriteLockAdapter spi = adapter();
		String key = spiKey();
		assertThat(spi.acquire(key, LockMode.WRITE, "writer", LONG_TTL, 1, null))
			.isInstanceOf(AcquireResult.Acquired.class);
		assertThat(spi.acquire(key, LockMode.WRITE, "next-writer", LONG_TTL, 2, LONG_WAIT))
			.isInstanceOf(AcquireResult.Unavailable.class);
		assertThat(spi.acquire(key, LockMode.READ, "writer", LONG_TTL, 3, null))
			.isInstanceOf(AcquireResult.Acquired.class);
		assertThat(spi.release(key, LockMode.WRITE, "writer", LockAdapter.ANY_TOKEN)).isEqualTo(UpdateResult.UPDATED);
		ReadWriteHolders holders = spi.holders(key);
		assertThat(holders.writer()).isNull();
		assertThat(holders.readers()).extracting(LockHolder::owner).containsExactly("writer");
		assertThat(holders.waitingWriters()).isOne();
		spi.forceReleaseAll(key);
	}

	@Test
	void aWriteByAnOwnerThatReadsIsRefusedAsAnUpgradeAndLeavesNoIntent() {
		ReadWriteLockAdapter spi = adapter();
		String key = spiKey();
		assertThat(spi.acquire(key, LockMode.READ, "owner", LONG_TTL, 1, null))
			.isInstanceOf(AcquireResult.Acquired.class);
		assertThatThrownBy(() -> spi.acquire(key, LockMode.WRITE, "owner", LONG_TTL, 2, LONG_WAIT))
			.isInstanceOf(UpgradeRefusedException.class);
		assertThat(spi.holders(key).waitingWriters()).isZero();
		assertThat(spi.holders(key).writer()).isNull();
		spi.forceReleaseAll(key);
	}

	@Test
	void releaseRefreshAndUndoConcernTheNamedModeTokenAndAttempt() {
		ReadWriteLockAdapter spi = adapter();
		String key = spiKey();
		AcquireResult write = spi.acquire(key, LockMode.WRITE, "owner", LONG_TTL, 7, null);
		assertThat(write).isInstanceOf(AcquireResult.Acquired.class);
		long token = ((AcquireResult.Acquired) write).token();
		assertThat(spi.release(key, LockMode.READ, "owner", LockAdapter.ANY_TOKEN)).isEqualTo(UpdateResult.NOT_HELD);
		assertThat(spi.release(key, LockMode.WRITE, "owner", token + 1)).isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(spi.refresh(key, LockMode.WRITE, "owner", token + 1, LONG_TTL))
			.isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(spi.refresh(key, LockMode.WRITE, "owner", token, LONG_TTL)).isEqualTo(UpdateResult.UPDATED);
		assertThat(spi.undoAcquire(key, LockMode.READ, "owner", 7)).isFalse();
		assertThat(spi.undoAcquire(key, LockMode.WRITE, "owner", 8)).isFalse();
		assertThat(spi.undoAcquire(key, LockMode.WRITE, "owner", 7)).isTrue();
		assertThat(spi.holders(key)).isEqualTo(ReadWriteHolders.none());
		assertThat(spi.acquire(key, LockMode.WRITE, "owner", null, 9, null)).isInstanceOf(AcquireResult.Acquired.class);
		assertThat(spi.refresh(key, LockMode.WRITE, "owner", LockAdapter.ANY_TOKEN, LONG_TTL))
			.isEqualTo(UpdateResult.NEVER_EXPIRES);
		spi.forceReleaseAll(key);
	}

	@Test
	void aRenewedReadAndWriteOutliveTheirTtl() {
		LockSettings renewed = LockSettings.defaults().withTtl(Duration.ofMillis(600)).withRenewal(Renewal.ENABLED);
		ReadWriteLock writer = lock("renewed-write", renewed);
		ReadWriteLock reader = lock("renewed-read", renewed);
		assertThat(writer.writeLock().acquire()).isTrue();
		assertThat(reader.readLock().acquire()).isTrue();
		// Three TTLs in real time: without renewal, both holds would be gone twice over.
		await().pollDelay(Duration.ofMillis(1800)).atMost(Duration.ofSeconds(5)).until(() -> true);
		assertThat(lock("renewed-write").readLock().acquire()).isFalse();
		assertThat(lock("renewed-read").writeLock().acquire()).isFalse();
		assertThat(writer.writeLock().isLost()).isFalse();
		assertThat(reader.readLock().isLost()).isFalse();
		assertThat(writer.writeLock().release()).isTrue();
		assertThat(reader.readLock().release()).isTrue();
	}

	@Test
	void theWriteHalfOfAnOwnerThatOnlyReadsHoldsNothing() {
		ReadWriteLock lock = lock("only-reads");
		assertThat(lock.writeLock().acquire()).isTrue();
		assertThat(lock.readLock().acquire()).isTrue();
		assertThat(lock.writeLock().release()).isTrue();
		assertThat(lock.writeLock().getRemainingTime()).isEqualTo(RemainingTime.notHeld());
		assertThat(lock.readLock().getRemainingTime()).isInstanceOf(RemainingTime.Held.class);
	}

	@Test
	void aWriterWhoseWaitIsInterruptedWithdrawsItsIntentAtOnce() throws Exception {
		ReadWriteLock reader = lock("interrupted");
		ReadWriteLock writer = lock("interrupted");
		assertThat(reader.readLock().acquire()).isTrue();
		ExecutorService pool = executor(1);
		Future<Boolean> waiting = pool.submit(
				() -> writer.writeLock().acquireBlocking(new BlockingSettings(LONG_WAIT, Duration.ofMillis(50))));
		await().atMost(Duration.ofSeconds(10)).until(() -> reader.getState().waitingWriters() == 1);
		waiting.cancel(true);
		// Well before the intent's own end (at least 5 seconds after the last attempt): leaving withdrew it.
		await().atMost(Duration.ofSeconds(3)).until(() -> reader.getState().waitingWriters() == 0);
		assertThat(lock("interrupted").readLock().acquire()).isTrue();
	}

	/**
	 * Tells whether the adapter wakes blocked acquires when a hold is released (its {@code watchReleases}).
	 * @return {@code true} unless overridden
	 */
	protected boolean signalsReleases() {
		return true;
	}

	private ExecutorService executor(int threads) {
		ExecutorService executor = Executors.newFixedThreadPool(threads);
		this.executors.add(executor);
		return executor;
	}

	private String spiKey() {
		return "contract:rw:" + UUID.randomUUID();
	}

	private ReadWriteLock lock(String key) {
		return lock(key, LockSettings.defaults());
	}

	private ReadWriteLock lock(String key, LockSettings settings) {
		ReadWriteLock lock = this.provider.create(key, settings);
		this.created.add(lock);
		return lock;
	}

}
