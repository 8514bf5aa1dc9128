package dev.distlock.spring;

import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Signatures that could not be locked correctly fail the startup, naming the method: return types whose work would
 * run unlocked, keys that read names the method does not have, skips without an empty value, minimum holds over the
 * TTL.
 */
class DistributedLockSignatureValidationTests {

	private static InvalidDistributedLockException startupFailure(Class<?> service) {
		Throwable failure = catchThrowable(() -> {
			try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
				context.register(Config.class);
				context.registerBean(service);
				context.refresh();
			}
		});
		assertThat(failure).as("startup failure").isNotNull();
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		assertThat(cause).isInstanceOf(InvalidDistributedLockException.class);
		return (InvalidDistributedLockException) cause;
	}

	@Test
	void aFutureIsRefused() {
		InvalidDistributedLockException failure = startupFailure(ReturnsFuture.class);
		assertThat(failure.getMethod()).isEqualTo(ReturnsFuture.class.getName() + ".run");
		assertThat(failure.getAttribute()).isEqualTo("return type");
		assertThat(failure).hasMessageContaining("java.util.concurrent.Future").hasMessageContaining("CompletableFuture");
	}

	@Test
	void aStreamAndACallableAreRefused() {
		assertThat(startupFailure(ReturnsStream.class)).hasMessageContaining("java.util.stream.Stream")
			.hasMessageContaining("after the method returned");
		assertThat(startupFailure(ReturnsCallable.class)).hasMessageContaining("java.util.concurrent.Callable");
	}

	@Test
	void aKeyThatReadsANameTheMethodDoesNotHaveIsRefused() {
		InvalidDistributedLockException failure = startupFailure(MisspeltKey.class);
		assertThat(failure.getAttribute()).isEqualTo("key");
		assertThat(failure).hasMessageContaining("#idd").hasMessageContaining("#id or #p0");
	}

	@Test
	void aPositionPastTheLastParameterIsRefused() {
		assertThat(startupFailure(PositionOutOfRange.class)).hasMessageContaining("#p1");
	}

	@Test
	void skippingAMethodThatReturnsAPrimitiveIsRefused() {
		InvalidDistributedLockException failure = startupFailure(SkipsPrimitive.class);
		assertThat(failure.getAttribute()).isEqualTo("ifNotAcquired");
		assertThat(failure).hasMessageContaining("int");
	}

	@Test
	void aMinimumHoldOverTheTtlIsRefused() {
		InvalidDistributedLockException failure = startupFailure(HoldOverTtl.class);
		assertThat(failure.getAttribute()).isEqualTo("holdAtLeast");
		assertThat(failure).hasMessageContaining("1m").hasMessageContaining("ttl");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import(LockTestConfiguration.class)
	static class Config {

	}

	static class ReturnsFuture {

		@DistributedLock
		public Future<String> run() {
			return null;
		}

	}

	static class ReturnsStream {

		@DistributedLock
		public Stream<String> run() {
			return Stream.empty();
		}

	}

	static class ReturnsCallable {

		@DistributedLock
		public Callable<String> run() {
			return () -> "";
		}

	}

	static class MisspeltKey {

		@DistributedLock(key = "'orders:' + #idd")
		public void run(long id) {
		}

	}

	static class PositionOutOfRange {

		@DistributedLock(key = "#p0 + ':' + #p1")
		public void run(long id) {
		}

	}

	static class SkipsPrimitive {

		@DistributedLock(ifNotAcquired = NotAcquired.SKIP)
		public int run() {
			return 1;
		}

	}

	static class HoldOverTtl {

		@DistributedLock(ttl = "10s", holdAtLeast = "1m", ifNotAcquired = NotAcquired.SKIP)
		public Optional<String> run() {
			return Optional.empty();
		}

	}

}
