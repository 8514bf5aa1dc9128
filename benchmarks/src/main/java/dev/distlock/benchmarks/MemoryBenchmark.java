package dev.distlock.benchmarks;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.ThreadParams;

import dev.distlock.BlockingSettings;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.adapter.MemoryLockAdapter;

/**
 * Scenario c: the memory adapter (through {@link LockProvider}, as users call it) against the
 * {@code java.util.concurrent} floors. {@code uncontended*} run with one thread on a key of its own; {@code contended*}
 * with eight threads on one key, each critical section {@code Blackhole.consumeCPU(CS_TOKENS)}.
 */
@BenchmarkMode(Mode.Throughput)
@State(Scope.Benchmark)
public class MemoryBenchmark {

	static final long CS_TOKENS = 50;

	private static final BlockingSettings BLOCKING = BlockingSettings.of(Duration.ofMinutes(1), Duration.ofSeconds(1));

	private final LockProvider provider = LockProvider.builder(new MemoryLockAdapter()).build();

	private final ConcurrentHashMap<String, String> map = new ConcurrentHashMap<>();

	private final ReentrantLock sharedFair = new ReentrantLock(true);

	private final ReentrantLock sharedNonFair = new ReentrantLock(false);

	// Mutual-exclusion check of the contended runs: more than one thread inside is a violation.
	private final AtomicInteger inside = new AtomicInteger();

	private final AtomicInteger violations = new AtomicInteger();

	@TearDown(Level.Trial)
	public void check() {
		if (this.violations.get() != 0) {
			throw new IllegalStateException(this.violations.get() + " mutual-exclusion violations");
		}
	}

	/** Per thread: its own key, its own lock objects, and its handle on the shared key. */
	@State(Scope.Thread)
	public static class PerThread {

		String key;

		String owner;

		Lock ownLock;

		Lock sharedKeyLock;

		final ReentrantLock ownFair = new ReentrantLock(true);

		final ReentrantLock ownNonFair = new ReentrantLock(false);

		@Setup(Level.Trial)
		public void create(MemoryBenchmark benchmark, ThreadParams thread) {
			this.key = "bench:c:" + thread.getThreadIndex();
			this.owner = "owner-" + thread.getThreadIndex();
			this.ownLock = benchmark.provider.create(this.key);
			this.sharedKeyLock = benchmark.provider.create("bench:c:shared");
		}

	}

	@Benchmark
	public void uncontendedDistlock(PerThread thread) {
		if (!thread.ownLock.acquire()) {
			throw new IllegalStateException("uncontended acquire failed");
		}
		thread.ownLock.release();
	}

	@Benchmark
	public void uncontendedDistlockNewLock(PerThread thread) {
		Lock lock = this.provider.create(thread.key);
		if (!lock.acquire()) {
			throw new IllegalStateException("uncontended acquire failed");
		}
		lock.release();
	}

	@Benchmark
	public void uncontendedConcurrentHashMap(PerThread thread) {
		if (this.map.putIfAbsent(thread.key, thread.owner) != null) {
			throw new IllegalStateException("uncontended putIfAbsent failed");
		}
		this.map.remove(thread.key, thread.owner);
	}

	@Benchmark
	public void uncontendedReentrantLockFair(PerThread thread) {
		thread.ownFair.lock();
		thread.ownFair.unlock();
	}

	@Benchmark
	public void uncontendedReentrantLockNonFair(PerThread thread) {
		thread.ownNonFair.lock();
		thread.ownNonFair.unlock();
	}

	@Benchmark
	public void contendedDistlock(PerThread thread) {
		if (!thread.sharedKeyLock.acquireBlocking(BLOCKING)) {
			throw new IllegalStateException("blocking acquire timed out");
		}
		try {
			criticalSection();
		}
		finally {
			thread.sharedKeyLock.release();
		}
	}

	@Benchmark
	public void contendedConcurrentHashMap(PerThread thread) {
		while (this.map.putIfAbsent("bench:c:shared", thread.owner) != null) {
			Thread.onSpinWait();
		}
		try {
			criticalSection();
		}
		finally {
			this.map.remove("bench:c:shared", thread.owner);
		}
	}

	@Benchmark
	public void contendedReentrantLockFair() {
		this.sharedFair.lock();
		try {
			criticalSection();
		}
		finally {
			this.sharedFair.unlock();
		}
	}

	@Benchmark
	public void contendedReentrantLockNonFair() {
		this.sharedNonFair.lock();
		try {
			criticalSection();
		}
		finally {
			this.sharedNonFair.unlock();
		}
	}

	private void criticalSection() {
		if (this.inside.incrementAndGet() != 1) {
			this.violations.incrementAndGet();
		}
		Blackhole.consumeCPU(CS_TOKENS);
		this.inside.decrementAndGet();
	}

}
