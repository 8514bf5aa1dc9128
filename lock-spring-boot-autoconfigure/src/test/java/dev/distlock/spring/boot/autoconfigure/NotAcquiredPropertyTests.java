package dev.distlock.spring.boot.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.distlock.KeyAlreadyAcquiredException;
import dev.distlock.LockProvider;
import dev.distlock.spring.DistributedLock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** {@code distlock.not-acquired} sets what annotations that leave it to the default do without their lock. */
class NotAcquiredPropertyTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class))
		.withPropertyValues("distlock.adapter=memory")
		.withBean(Job.class);

	@Test
	void byDefaultACallWithoutItsLockThrows() {
		this.runner.run((context) -> {
			assertThat(context.getBean(LockProvider.class).create("job").acquire()).isTrue();
			assertThatExceptionOfType(KeyAlreadyAcquiredException.class).isThrownBy(context.getBean(Job.class)::run);
		});
	}

	@Test
	void skipMakesItSkip() {
		this.runner.withPropertyValues("distlock.not-acquired=skip").run((context) -> {
			assertThat(context.getBean(LockProvider.class).create("job").acquire()).isTrue();
			Job job = context.getBean(Job.class);
			job.run();
			assertThat(job.runs()).isZero();
		});
	}

	static class Job {

		private final AtomicInteger runs = new AtomicInteger();

		@DistributedLock(key = "'job'")
		public void run() {
			this.runs.incrementAndGet();
		}

		public int runs() {
			return this.runs.get();
		}

	}

}
