package dev.distlock.spring;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;

import dev.distlock.LockMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Bad {@code @DistributedSemaphore} and {@code @DistributedReadWriteLock} annotations fail the startup, naming the
 * annotation, the method and the attribute.
 */
class DistributedSemaphoreValidationTests {

	private static InvalidDistributedLockException startupFailure(Class<?> service, Class<?>... configurations) {
		Throwable failure = catchThrowable(() -> {
			AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
			context.register(configurations);
			context.registerBean(service);
			context.refresh();
			context.close();
		});
		assertThat(failure).as("startup failure").isNotNull();
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		assertThat(cause).isInstanceOf(InvalidDistributedLockException.class);
		return (InvalidDistributedLockException) cause;
	}

	private static InvalidDistributedLockException startupFailure(Class<?> service) {
		return startupFailure(service, Config.class);
	}

	@Test
	void zeroLimit() {
		InvalidDistributedLockException failure = startupFailure(ZeroLimit.class);
		assertThat(failure.getAnnotation()).isEqualTo("@DistributedSemaphore");
		assertThat(failure.getMethod()).isEqualTo(ZeroLimit.class.getName() + ".run");
		assertThat(failure.getAttribute()).isEqualTo("limit");
		assertThat(failure).hasMessageStartingWith("@DistributedSemaphore on ").hasMessageContaining("between 1 and");
	}

	@Test
	void limitAboveTheMaximum() {
		assertThat(startupFailure(HugeLimit.class).getValue()).isEqualTo("1000001");
	}

	@Test
	void invalidKeyExpressionOnASemaphore() {
		InvalidDistributedLockException failure = startupFailure(BadSemaphoreKey.class);
		assertThat(failure.getAttribute()).isEqualTo("key");
		assertThat(failure).hasMessageStartingWith("@DistributedSemaphore on ").hasMessageContaining("SpEL");
	}

	@Test
	void invalidTtlOnAReadWriteLock() {
		InvalidDistributedLockException failure = startupFailure(BadReadWriteTtl.class);
		assertThat(failure.getAnnotation()).isEqualTo("@DistributedReadWriteLock");
		assertThat(failure.getAttribute()).isEqualTo("ttl");
		assertThat(failure.getMethod()).isEqualTo(BadReadWriteTtl.class.getName() + ".run");
	}

	@Test
	void aSemaphoreAndALockOnOneMethodContradictEachOther() {
		InvalidDistributedLockException failure = startupFailure(LockAndSemaphore.class);
		assertThat(failure.getAttribute()).isEqualTo("annotation");
		assertThat(failure).hasMessageContaining("at most one of");
	}

	@Test
	void aSemaphoreWithoutASemaphoreProviderFailsTheStartup() {
		InvalidDistributedLockException failure = startupFailure(GoodSemaphore.class, LocksOnly.class);
		assertThat(failure).hasMessageContaining("no SemaphoreProvider bean");
	}

	@Test
	void aReadWriteLockWithoutAReadWriteLockProviderFailsTheStartup() {
		InvalidDistributedLockException failure = startupFailure(GoodReadWriteLock.class, LocksOnly.class);
		assertThat(failure).hasMessageContaining("no ReadWriteLockProvider bean");
	}

	@Test
	void aReadWriteLockWithoutAKeyFailsTheStartupSinceItWouldExcludeNothing() {
		InvalidDistributedLockException failure = startupFailure(KeylessRead.class);
		assertThat(failure.getAnnotation()).isEqualTo("@DistributedReadWriteLock");
		assertThat(failure.getAttribute()).isEqualTo("key");
		assertThat(failure).hasMessageContaining("must name the resource");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import({ LockTestConfiguration.class, SemaphoreTestConfiguration.class })
	static class Config {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import(LockTestConfiguration.class)
	static class LocksOnly {

	}

	static class ZeroLimit {

		@DistributedSemaphore(limit = 0)
		public void run() {
		}

	}

	static class HugeLimit {

		@DistributedSemaphore(limit = 1_000_001)
		public void run() {
		}

	}

	static class BadSemaphoreKey {

		@DistributedSemaphore(key = "#order.(", limit = 2)
		public void run() {
		}

	}

	static class BadReadWriteTtl {

		@DistributedReadWriteLock(key = "'catalog'", mode = LockMode.READ, ttl = "soon")
		public void run() {
		}

	}

	static class LockAndSemaphore {

		@DistributedLock
		@DistributedSemaphore(limit = 2)
		public void run() {
		}

	}

	static class GoodSemaphore {

		@DistributedSemaphore(limit = 2)
		public void run() {
		}

	}

	static class KeylessRead {

		@DistributedReadWriteLock(mode = LockMode.READ)
		public void run() {
		}

	}

	static class GoodReadWriteLock {

		@DistributedReadWriteLock(key = "'catalog'", mode = LockMode.WRITE)
		public void run() {
		}

	}

}
