package dev.distlock.benchmarks;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
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

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.spring.DistributedLock;
import dev.distlock.spring.EnableDistributedLocks;
import dev.distlock.spring.NotAcquired;

/**
 * Scenario d: what {@code @DistributedLock} adds to calling the {@link LockProvider} directly, on the memory adapter.
 * Overhead = {@code annotated*} minus the matching {@code direct*}, in ns per call. Two paths of their own: a nested
 * call on the key its enclosing call holds ({@code annotatedReentrant}, an outer call with a literal key that makes
 * one nested call: minus {@code annotatedLiteralKey}, what the nested call costs, no backend call in it), and a call
 * skipped because another owner holds its key ({@code annotatedSkip} against {@code directSkip}, {@code run} on the
 * held key).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class AnnotationBenchmark {

	private AnnotationConfigApplicationContext context;

	private LockProvider provider;

	private Work annotated;

	private final Work plain = new Work();

	private Lock holder;

	@Setup(Level.Trial)
	public void start() {
		this.context = new AnnotationConfigApplicationContext(LockConfig.class);
		this.provider = this.context.getBean(LockProvider.class);
		this.annotated = this.context.getBean(Work.class);
		// Through the proxy, so that the outer call's nested call is intercepted too.
		this.annotated.setSelf(this.annotated);
		// Held by another owner for the whole trial: every skip path call finds it taken.
		this.holder = this.provider.create("bench:d:held", LockSettings.defaults().withExpiry(Expiry.never()));
		this.holder.acquireOrFail();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.holder.release();
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

	@Benchmark
	public long annotatedReentrant() {
		return this.annotated.reentrantOuter();
	}

	@Benchmark
	@SuppressWarnings("NullAway") // a false positive: outside JSpecify mode NullAway ignores run's @Nullable T
	public @Nullable Long directSkip() {
		return this.provider.create("bench:d:held").run(this.plain::skippable).orElse(null);
	}

	@Benchmark
	public @Nullable Long annotatedSkip() {
		return this.annotated.skippable();
	}

	/** The locked methods; the bean is proxied by subclassing. */
	public static class Work {

		private long calls;

		private @Nullable Work self;

		public void setSelf(Work self) {
			this.self = self;
		}

		@DistributedLock(key = "'bench:d'")
		public long constantKey() {
			return ++this.calls;
		}

		@DistributedLock(key = "'bench:d:' + #id")
		public long parameterKey(long id) {
			return id + ++this.calls;
		}

		@DistributedLock(key = "'bench:d:r'")
		public long reentrantOuter() {
			return Objects.requireNonNull(this.self).reentrantInner() + 1;
		}

		@DistributedLock(key = "'bench:d:r'")
		public long reentrantInner() {
			return ++this.calls;
		}

		@DistributedLock(key = "'bench:d:held'", ifNotAcquired = NotAcquired.SKIP)
		public @Nullable Long skippable() {
			return ++this.calls;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks(proxyTargetClass = true)
	static class LockConfig {

		@Bean
		LockProvider lockProvider() {
			return LockProvider.builder(new MemoryLockAdapter()).build();
		}

		@Bean
		Work work() {
			return new Work();
		}

	}

}
