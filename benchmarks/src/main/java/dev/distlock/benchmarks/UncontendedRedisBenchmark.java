package dev.distlock.benchmarks;

import java.util.UUID;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * Scenario a: acquire + release on keys no other thread uses, so every attempt succeeds. Threads come from the run
 * ({@code -t 1}, {@code -t 8}); the library from {@code -p library=...}, one forked JVM per library.
 */
@BenchmarkMode(Mode.Throughput)
@State(Scope.Benchmark)
public class UncontendedRedisBenchmark {

	@Param({ "distlock" })
	public String library = "distlock";

	private LockClient client;

	private final String run = UUID.randomUUID().toString().substring(0, 8);

	@Setup(Level.Trial)
	public void open() {
		this.client = LockClient.open(this.library);
	}

	@TearDown(Level.Trial)
	public void close() {
		this.client.close();
	}

	/** Each thread cycles through keys of its own. */
	@State(Scope.Thread)
	public static class Keys {

		private final String[] keys = new String[256];

		private int next;

		@Setup(Level.Trial)
		public void create(UncontendedRedisBenchmark benchmark, ThreadParams thread) {
			for (int i = 0; i < this.keys.length; i++) {
				this.keys[i] = "bench:a:" + benchmark.run + ":" + thread.getThreadIndex() + ":" + i;
			}
		}

		String next() {
			String key = this.keys[this.next];
			this.next = (this.next + 1) % this.keys.length;
			return key;
		}

	}

	@Benchmark
	public void acquireRelease(Keys keys) {
		String key = keys.next();
		Object token = this.client.tryAcquire(key);
		if (token == null) {
			throw new IllegalStateException(this.library + " failed an uncontended acquire of " + key);
		}
		this.client.release(token);
	}

}
