package dev.distlock.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.distlock.DefaultLockProvider;
import dev.distlock.LockProvider;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.spring.DistributedLock;
import dev.distlock.spring.EnableDistributedLocks;

/**
 * Scenario d: what {@code @DistributedLock} adds to calling the {@link LockProvider} directly, on the memory adapter.
 * Overhead = {@code annotated*} minus the matching {@code direct*}, in ns per call.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class AnnotationBenchmark {

	private AnnotationConfigApplicationContext context;

	private LockProvider provider;

	private Work annotated;

	private final Work plain = new Work();

	@Setup(Level.Trial)
	public void start() {
		this.context = new AnnotationConfigApplicationContext(LockConfig.class);
		this.provider = this.context.getBean(LockProvider.class);
		this.annotated = this.context.getBean(Work.class);
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
	}

	@Benchmark
	public long directLiteralKey() {
		return this.provider.create("bench:d").runOrFail(this.plain::constantKey);
	}

	@Benchmark
	public long annotatedLiteralKey() {
		return this.annotated.constantKey();
	}

	@Benchmark
	public long directParameterKey() {
		return this.provider.create("bench:d:" + 42L).runOrFail(() -> this.plain.parameterKey(42L));
	}

	@Benchmark
	public long annotatedParameterKey() {
		return this.annotated.parameterKey(42L);
	}

	/** The locked methods; the bean is proxied by subclassing. */
	public static class Work {

		private long calls;

		@DistributedLock(key = "'bench:d'")
		public long constantKey() {
			return ++this.calls;
		}

		@DistributedLock(key = "'bench:d:' + #id")
		public long parameterKey(long id) {
			return id + ++this.calls;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks(proxyTargetClass = true)
	static class LockConfig {

		@Bean
		DefaultLockProvider lockProvider() {
			return LockProvider.builder(new MemoryLockAdapter()).build();
		}

		@Bean
		Work work() {
			return new Work();
		}

	}

}
