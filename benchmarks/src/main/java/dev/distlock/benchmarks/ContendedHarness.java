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
import org.jspecify.annotations.Nullable;

import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

/**
 * Scenario b, a plain harness (JMH measures throughput, not hand-offs): {@code threads} threads in this JVM, and in
 * as many other JVMs as {@code jvms} says, wait for one key, run a short critical section and release, over and over.
 *
 * <p>Measured in one JVM: critical sections per second; the hand-off latency, from the holder's release returning to
 * the next holder's acquire returning ({@code System.nanoTime()}; a next acquire that returns before the previous
 * release call does counts as 0); the wait of every acquire, its maximum; the share of critical sections whose thread
 * also ran the one before (a thread that re-takes the lock it just released while others wait starves them); critical
 * sections per thread. With several JVMs only clock-free measures: critical sections per second, waits, per JVM.
 *
 * <p>Mutual exclusion is checked inside every critical section: an in-JVM "inside" counter must read 1, and with
 * several JVMs a counter in Redis is read and written back non-atomically ({@code GET}, then {@code SET}), so a
 * second holder at the same time shows as a lost update. Both must stay 0. The counter also carries the index of the
 * JVM that wrote it ({@code "<count>:<jvm>"}), so each JVM counts the critical sections it took over from another
 * JVM: the cross-JVM hand-offs that a grant message may announce.
 *
 * <p>Counted over the measurement: the commands the library sent ({@link SentCommands}, on the client) and the
 * commands Redis ran ({@code INFO commandstats}, summed over the masters of a cluster; commands inside scripts and
 * the harness's own counter included), and for distlock the grant messages its adapter received. Each JVM reports
 * its own; the report sums the JVMs of a run.
 *
 * <p>JDBC libraries (scenario f) run in one JVM only, on the benchmark PostgreSQL; instead of Redis commands, the
 * JDBC calls per critical section are counted on the client ({@link JdbcCalls}).
 */
final class ContendedHarness {

	/** Busy time inside each critical section. */
	static final long CRITICAL_SECTION_NANOS = 5_000;

	private static final String KEY = "bench:b:shared";

	private static final String COUNTER = "bench:b:counter";

	private static final int RECORD_CAPACITY = 2_000_000;

	private final LockClient client;

	private final int threads;

	private final @Nullable RedisClusterCommands<String, String> redis;

	private final boolean redisCounter;

	private final String jvm;

	// Written only by the holder of the lock, like sequence: critical sections whose previous holder was another JVM.
	private long fromOtherJvm;

	private final AtomicInteger inside = new AtomicInteger();

	private final AtomicLong violations = new AtomicLong();

	private final AtomicLong failures = new AtomicLong();

	// Written only by the holder of the lock: a plain field, on purpose.
	private int sequence;

	private final long[] acquiredAt = new long[RECORD_CAPACITY];

	private final long[] releasedAt = new long[RECORD_CAPACITY];

	private final int[] holder = new int[RECORD_CAPACITY];

	private volatile boolean stop;

	private ContendedHarness(LockClient client, int threads, @Nullable RedisClusterCommands<String, String> redis,
			boolean redisCounter, int jvmIndex) {
		this.client = client;
		this.threads = threads;
		this.redis = redis;
		this.redisCounter = redisCounter;
		this.jvm = Integer.toString(jvmIndex);
	}

	static void run(String library, int threads, int jvms, int jvmIndex, Duration warmup, Duration measure, Path out)
			throws Exception {
		if (LockClient.JDBC_LIBRARIES.contains(library)) {
			runJdbc(library, threads, jvms, warmup, measure, out);
			return;
		}
		SentCommands.enable();
		try (BenchRedis redis = new BenchRedis(); LockClient client = LockClient.open(library)) {
			if (!client.canWait()) {
				throw new IllegalArgumentException(library + " cannot wait for a lock: not in scenario b");
			}
			ContendedHarness harness = new ContendedHarness(client, threads, redis.commands(), jvms > 1, jvmIndex);
			barrier(redis, "warmup", jvms);
			Phase warm = harness.phase(warmup);
			barrier(redis, "measure", jvms);
			Map<String, Long> sentBefore = SentCommands.snapshot();
			long grantsBefore = client.grantMessages();
			Map<String, Long> before = redis.commandCalls();
			Phase measured = harness.phase(measure);
			Map<String, Long> after = redis.commandCalls();
			long grantsAfter = client.grantMessages();
			Map<String, Long> sentAfter = SentCommands.snapshot();
			barrier(redis, "done", jvms);
			Map<String, Object> result = harness.result(library, jvms, jvmIndex, warm, measured);
			result.put("cluster", BenchRedis.isCluster());
			// What this JVM's library sent, on the client: its round trips (none of the harness's own commands).
			result.put("sentCommands", BenchRedis.delta(sentBefore, sentAfter));
			result.put("sentPerCriticalSection", BenchRedis.perOperation(sentBefore, sentAfter, Math.max(1, measured.count)));
			// What Redis ran meanwhile, for all JVMs (inside scripts too, and the harness's counter with several JVMs).
			result.put("serverCommands (all JVMs)", BenchRedis.delta(before, after));
			result.put("commandsPerCriticalSection (all JVMs)",
					BenchRedis.perOperation(before, after, Math.max(1, measured.count)));
			if (grantsBefore >= 0) {
				result.put("grantMessagesReceived", grantsAfter - grantsBefore);
			}
			if (jvms > 1) {
				result.put("fromOtherJvm", harness.fromOtherJvm);
				String counter = redis.commands().get(COUNTER);
				result.put("redisCounterAtEnd", (counter != null) ? count(counter) : 0L);
			}
			result.put("config", client.describe());
			Json.write(out, result);
		}
	}

	// One JVM on the benchmark PostgreSQL; JDBC calls per critical section counted on the client (JdbcCalls).
	private static void runJdbc(String library, int threads, int jvms, Duration warmup, Duration measure, Path out)
			throws Exception {
		if (jvms != 1) {
			throw new IllegalArgumentException("JDBC libraries run in one JVM: " + library);
		}
		JdbcCalls calls = new JdbcCalls();
		try (LockClient client = LockClient.openJdbc(library, calls)) {
			if (!client.canWait()) {
				throw new IllegalArgumentException(library + " cannot wait for a lock: not in scenario b");
			}
			ContendedHarness harness = new ContendedHarness(client, threads, null, false, 0);
			Phase warm = harness.phase(warmup);
			Map<String, Long> before = calls.counts();
			Phase measured = harness.phase(measure);
			Map<String, Long> after = calls.counts();
			Map<String, Object> result = harness.result(library, 1, 0, warm, measured);
			result.put("jdbcCallsPerCriticalSection", BenchRedis.perOperation(before, after, Math.max(1, measured.count)));
			result.put("config", client.describe());
			Json.write(out, result);
		}
	}

	private Map<String, Object> result(String library, int jvms, int jvmIndex, Phase warm, Phase measured) {
		Map<String, Object> result = summarize(measured, jvms);
		result.put("library", library);
		result.put("jvms", jvms);
		result.put("jvmIndex", jvmIndex);
		result.put("threads", this.threads);
		result.put("criticalSectionNanos", CRITICAL_SECTION_NANOS);
		result.put("criticalSectionsIncludingWarmup", warm.count() + measured.count());
		return result;
	}

	// Every JVM increments, then waits until all have: they start each phase within a few milliseconds.
	private static void barrier(BenchRedis redis, String name, int jvms) throws InterruptedException {
		if (jvms == 1) {
			return;
		}
		RedisClusterCommands<String, String> commands = redis.commands();
		commands.incr("bench:barrier:" + name);
		long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
		while (Long.parseLong(commands.get("bench:barrier:" + name)) < jvms) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("the other JVMs did not reach barrier " + name);
			}
			Thread.sleep(1);
		}
	}

	private record Phase(int count, long nanos, long[] perThread, Histogram waits) {
	}

	private Phase phase(Duration duration) throws InterruptedException {
		this.stop = false;
		this.sequence = 0;
		this.fromOtherJvm = 0;
		long[] perThread = new long[this.threads];
		Histogram[] waits = new Histogram[this.threads];
		List<Thread> workers = new ArrayList<>();
		for (int t = 0; t < this.threads; t++) {
			int index = t;
			waits[t] = new Histogram(Duration.ofMinutes(2).toNanos(), 3);
			workers.add(new Thread(() -> perThread[index] = work(index, waits[index]), "contender-" + t));
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
		for (Histogram histogram : waits) {
			all.add(histogram);
		}
		return new Phase(this.sequence, nanos, perThread, all);
	}

	private long work(int index, Histogram waits) {
		long done = 0;
		while (!this.stop) {
			long askedAt = System.nanoTime();
			Object token;
			try {
				token = this.client.acquire(KEY);
			}
			catch (InterruptedException ex) {
				return done;
			}
			long acquired = System.nanoTime();
			if (token == null) {
				this.failures.incrementAndGet();
				continue;
			}
			int position = criticalSection(index);
			this.client.release(token);
			long released = System.nanoTime();
			if (position < RECORD_CAPACITY) {
				this.acquiredAt[position] = acquired;
				this.releasedAt[position] = released;
				this.holder[position] = index;
			}
			waits.recordValue(acquired - askedAt);
			done++;
		}
		return done;
	}

	private int criticalSection(int index) {
		if (this.inside.incrementAndGet() != 1) {
			this.violations.incrementAndGet();
		}
		int position = this.sequence;
		this.sequence = position + 1;
		RedisClusterCommands<String, String> redis = this.redis;
		if (this.redisCounter && redis != null) {
			String value = redis.get(COUNTER);
			if (value != null && !value.endsWith(":" + this.jvm)) {
				this.fromOtherJvm++;
			}
			redis.set(COUNTER, ((value != null) ? count(value) + 1 : 1) + ":" + this.jvm);
		}
		long until = System.nanoTime() + CRITICAL_SECTION_NANOS;
		while (System.nanoTime() < until) {
			Thread.onSpinWait();
		}
		this.inside.decrementAndGet();
		return position;
	}

	private static long longWaits(Histogram waits, long millis) {
		long from = Duration.ofMillis(millis).toNanos();
		return (waits.getMaxValue() < from) ? 0 : waits.getCountBetweenValues(from, waits.getMaxValue());
	}

	// The count part of "<count>:<jvm>".
	private static long count(String counter) {
		int colon = counter.indexOf(':');
		return Long.parseLong((colon < 0) ? counter : counter.substring(0, colon));
	}

	private Map<String, Object> summarize(Phase phase, int jvms) {
		Map<String, Object> result = new LinkedHashMap<>();
		long total = 0;
		long min = Long.MAX_VALUE;
		long max = 0;
		for (long count : phase.perThread()) {
			total += count;
			min = Math.min(min, count);
			max = Math.max(max, count);
		}
		double seconds = phase.nanos() / 1e9;
		result.put("seconds", seconds);
		result.put("criticalSections", total);
		result.put("criticalSectionsPerSecond", total / seconds);
		result.put("perThreadMin", min);
		result.put("perThreadMax", max);
		result.put("waitP50Micros", phase.waits().getValueAtPercentile(50) / 1e3);
		result.put("waitP99Micros", phase.waits().getValueAtPercentile(99) / 1e3);
		result.put("maxWaitMillis", phase.waits().getMaxValue() / 1e6);
		// Long waits: over the 2-JVM target's bound, and near distlock's 1 s poll interval (a grant not heard).
		result.put("waitsOver100Millis", longWaits(phase.waits(), 100));
		result.put("waitsOver900Millis", longWaits(phase.waits(), 900));
		result.put("failedAcquires", this.failures.get());
		result.put("violations", this.violations.get() + ((total == phase.count()) ? 0 : Math.abs(total - phase.count())));
		if (jvms == 1) {
			int recorded = (int) Math.min(total, RECORD_CAPACITY);
			Histogram handoffs = new Histogram(Duration.ofMinutes(2).toNanos(), 3);
			long sameThread = 0;
			long beforeReleaseReturned = 0;
			for (int s = 1; s < recorded; s++) {
				long handoff = this.acquiredAt[s] - this.releasedAt[s - 1];
				if (handoff < 0) {
					beforeReleaseReturned++;
					handoff = 0;
				}
				handoffs.recordValue(handoff);
				if (this.holder[s] == this.holder[s - 1]) {
					sameThread++;
				}
			}
			result.put("handoffP50Micros", handoffs.getValueAtPercentile(50) / 1e3);
			result.put("handoffP99Micros", handoffs.getValueAtPercentile(99) / 1e3);
			result.put("handoffMaxMicros", handoffs.getMaxValue() / 1e3);
			result.put("handoffsBeforeReleaseReturned", beforeReleaseReturned);
			result.put("sameThreadShare", (recorded > 1) ? (double) sameThread / (recorded - 1) : 0.0);
		}
		return result;
	}

}
