package dev.distlock.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

/**
 * The semaphore scenarios outside JMH, in one JVM on the benchmark Redis.
 *
 * <p>{@link #probe}: Redis commands per uncontended acquire + release of each kind (a semaphore slot, a read, a
 * write) over {@value #PROBE_CYCLES} cycles on one key after a warm-up, sent by the library ({@link SentCommands},
 * its round trips) and run by Redis ({@code INFO commandstats} deltas, commands inside scripts included), as
 * {@link CommandsProbe} counts them for locks, and the time Redis spent on the scripts ({@code usec}).
 *
 * <p>{@link #contended}: mode {@code semaphore}, 8 threads wait for a slot of one semaphore of
 * {@link LeaseClient#LIMIT}; mode {@code rw}, 6 readers and 2 writers wait for one read-write key. Each runs a 5 µs
 * busy critical section and releases, over and over. Measured: critical sections per second (reads and writes
 * apart), waits (p99, max), critical sections per thread, the most holders seen at once, failed acquires and
 * violations, which must be 0: more holders of the semaphore than its limit at once, or a writer beside another
 * writer or a reader. The holders are counted in this JVM: each thread increments before its critical section and
 * decrements before it releases (one atomic word for writers and others), so two holds that the backend kept apart never overlap in the counters.
 */
final class SemaphoreHarness {

	static final int PROBE_CYCLES = 2000;

	private static final String KEY = "bench:s:b:shared";

	private static final int THREADS = 8;

	private static final int WRITERS = 2;

	private final LeaseClient client;

	private final boolean readWrite;

	private static final long WRITER = 1L << 32;

	private final AtomicLong holders = new AtomicLong();

	private final AtomicInteger mostHolders = new AtomicInteger();

	private final AtomicLong violations = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	private volatile boolean stop;

	private SemaphoreHarness(LeaseClient client, boolean readWrite) {
		this.client = client;
		this.readWrite = readWrite;
	}

	static void probe(String library, Path out) throws Exception {
		SentCommands.enable();
		try (BenchRedis redis = new BenchRedis(); LeaseClient client = LeaseClient.open(library)) {
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("library", library);
			result.put("cycles", PROBE_CYCLES);
			for (LeaseClient.Kind kind : LeaseClient.Kind.values()) {
				String key = "bench:s:probe:" + kind.name().toLowerCase(java.util.Locale.ROOT);
				cycles(client, kind, key, 500);
				Thread.sleep(200);
				Map<String, Long> sentBefore = SentCommands.snapshot();
				Map<String, Long> before = redis.commandCalls();
				Map<String, Long> microsBefore = redis.commandMicros();
				cycles(client, kind, key, PROBE_CYCLES);
				Map<String, Long> microsAfter = redis.commandMicros();
				Map<String, Long> after = redis.commandCalls();
				Map<String, Long> sentAfter = SentCommands.snapshot();
				Map<String, Object> counts = new LinkedHashMap<>();
				counts.put("sentPerCycle", BenchRedis.perOperation(sentBefore, sentAfter, PROBE_CYCLES));
				counts.put("commandsPerCycle", BenchRedis.perOperation(before, after, PROBE_CYCLES));
				// Redis's own time per cycle, by command (a script's includes what it runs inside).
				counts.put("serverMicrosPerCycle", BenchRedis.perOperation(microsBefore, microsAfter, PROBE_CYCLES));
				result.put(kind.name().toLowerCase(java.util.Locale.ROOT), counts);
			}
			result.put("config", client.describe());
			Json.write(out, result);
		}
	}

	private static void cycles(LeaseClient client, LeaseClient.Kind kind, String key, int count) {
		for (int i = 0; i < count; i++) {
			Object token = client.tryAcquire(kind, key);
			if (token == null) {
				throw new IllegalStateException("uncontended " + kind + " acquire failed");
			}
			client.release(token);
		}
	}

	static void contended(String library, String mode, Duration warmup, Duration measure, Path out) throws Exception {
		boolean readWrite = switch (mode) {
			case "semaphore" -> false;
			case "rw" -> true;
			default -> throw new IllegalArgumentException("mode is semaphore or rw, not " + mode);
		};
		SentCommands.enable();
		try (BenchRedis redis = new BenchRedis(); LeaseClient client = LeaseClient.open(library)) {
			SemaphoreHarness harness = new SemaphoreHarness(client, readWrite);
			Phase warm = harness.phase(warmup);
			Map<String, Long> sentBefore = SentCommands.snapshot();
			Map<String, Long> before = redis.commandCalls();
			Phase measured = harness.phase(measure);
			Map<String, Long> after = redis.commandCalls();
			Map<String, Long> sentAfter = SentCommands.snapshot();
			long total = measured.reads() + measured.writes();
			double seconds = measured.nanos() / 1e9;
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("library", library);
			result.put("mode", mode);
			result.put("threads", THREADS);
			result.put("writers", readWrite ? WRITERS : 0);
			result.put("limit", readWrite ? 0 : LeaseClient.LIMIT);
			result.put("criticalSectionNanos", ContendedHarness.CRITICAL_SECTION_NANOS);
			result.put("seconds", seconds);
			result.put("criticalSections", total);
			result.put("criticalSectionsPerSecond", total / seconds);
			result.put("readsPerSecond", measured.reads() / seconds);
			result.put("writesPerSecond", measured.writes() / seconds);
			long min = Long.MAX_VALUE;
			long max = 0;
			for (long count : measured.perThread()) {
				min = Math.min(min, count);
				max = Math.max(max, count);
			}
			result.put("perThreadMin", min);
			result.put("perThreadMax", max);
			result.put("waitP50Micros", measured.waits().getValueAtPercentile(50) / 1e3);
			result.put("waitP99Micros", measured.waits().getValueAtPercentile(99) / 1e3);
			result.put("maxWaitMillis", measured.waits().getMaxValue() / 1e6);
			result.put("mostHoldersAtOnce", harness.mostHolders.get());
			result.put("failedAcquires", harness.failures.get());
			result.put("violations", harness.violations.get());
			result.put("criticalSectionsIncludingWarmup", warm.reads() + warm.writes() + total);
			result.put("sentCommands", BenchRedis.delta(sentBefore, sentAfter));
			result.put("sentPerCriticalSection", BenchRedis.perOperation(sentBefore, sentAfter, Math.max(1, total)));
			result.put("commandsPerCriticalSection", BenchRedis.perOperation(before, after, Math.max(1, total)));
			result.put("config", client.describe());
			Json.write(out, result);
		}
	}

	private record Phase(long reads, long writes, long nanos, long[] perThread, Histogram waits) {
	}

	private Phase phase(Duration duration) throws InterruptedException {
		this.stop = false;
		long[] perThread = new long[THREADS];
		Histogram[] waits = new Histogram[THREADS];
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < THREADS; t++) {
			int index = t;
			LeaseClient.Kind kind = !this.readWrite ? LeaseClient.Kind.SLOT
					: (t < THREADS - WRITERS) ? LeaseClient.Kind.READ : LeaseClient.Kind.WRITE;
			waits[t] = new Histogram(Duration.ofMinutes(2).toNanos(), 3);
			workers.add(new Thread(() -> perThread[index] = work(kind, waits[index]), "contender-" + t));
		}
		long start = System.nanoTime();
		workers.forEach(Thread::start);
		Thread.sleep(duration.toMillis());
		this.stop = true;
		for (Thread worker : workers) {
			worker.join(Duration.ofSeconds(LockClient.WAIT_MILLIS / 1000 + 10).toMillis());
			if (worker.isAlive()) {
				throw new IllegalStateException(worker.getName() + " is stuck");
			}
		}
		long nanos = System.nanoTime() - start;
		Histogram all = new Histogram(Duration.ofMinutes(2).toNanos(), 3);
		long reads = 0;
		long writes = 0;
		for (int t = 0; t < THREADS; t++) {
			all.add(waits[t]);
			if (this.readWrite && t >= THREADS - WRITERS) {
				writes += perThread[t];
			}
			else {
				reads += perThread[t];
			}
		}
		return new Phase(reads, writes, nanos, perThread, all);
	}

	private long work(LeaseClient.Kind kind, Histogram waits) {
		long done = 0;
		while (!this.stop) {
			long askedAt = System.nanoTime();
			Object token;
			try {
				token = this.client.acquire(kind, KEY);
			}
			catch (InterruptedException ex) {
				return done;
			}
			long acquired = System.nanoTime();
			if (token == null) {
				this.failures.incrementAndGet();
				continue;
			}
			criticalSection(kind);
			this.client.release(token);
			waits.recordValue(acquired - askedAt);
			done++;
		}
		return done;
	}

	private void criticalSection(LeaseClient.Kind kind) {
		// One atomic word, writers above bit 32 and other holders below: whichever of two holders enters second sees
		// the first, so no overlap is missed.
		long delta = (kind == LeaseClient.Kind.WRITE) ? WRITER : 1;
		long state = this.holders.addAndGet(delta);
		long writing = state >>> 32;
		long others = state & 0xFFFF_FFFFL;
		this.mostHolders.accumulateAndGet((int) (writing + others), Math::max);
		boolean violated = switch (kind) {
			case WRITE -> writing != 1 || others != 0;
			case READ -> writing != 0;
			case SLOT -> others > LeaseClient.LIMIT;
		};
		if (violated) {
			this.violations.incrementAndGet();
		}
		long until = System.nanoTime() + ContendedHarness.CRITICAL_SECTION_NANOS;
		while (System.nanoTime() < until) {
			Thread.onSpinWait();
		}
		this.holders.addAndGet(-delta);
	}

}
