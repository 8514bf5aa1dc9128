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

/**
 * Semaphore scenario a: one thread acquires and releases a slot of a semaphore of {@link LeaseClient#LIMIT}, the
 * read half or the write half of a read-write lock ({@code -p kind=slot|read|write}), always on the same key, which
 * nobody else uses, so every attempt succeeds. The library from {@code -p library=...}, one forked JVM per library
 * and kind.
 */
@BenchmarkMode(Mode.Throughput)
@State(Scope.Benchmark)
public class UncontendedSemaphoreBenchmark {

	@Param({ "distlock" })
	public String library = "distlock";

	@Param({ "slot", "read", "write" })
	public String kind = "slot";

	private LeaseClient client;

	private LeaseClient.Kind leaseKind;

	private String key;

	@Setup(Level.Trial)
	public void open() {
		this.client = LeaseClient.open(this.library);
		this.leaseKind = LeaseClient.Kind.of(this.kind);
		this.key = "bench:s:a:" + UUID.randomUUID().toString().substring(0, 8);
	}

	@TearDown(Level.Trial)
	public void close() {
		this.client.close();
	}

	@Benchmark
	public void acquireRelease() {
		Object token = this.client.tryAcquire(this.leaseKind, this.key);
		if (token == null) {
			throw new IllegalStateException(this.library + " failed an uncontended " + this.kind + " acquire");
		}
		this.client.release(token);
	}

}
