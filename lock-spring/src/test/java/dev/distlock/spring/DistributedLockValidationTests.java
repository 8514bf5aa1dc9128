package dev.distlock.spring;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;

import dev.distlock.Renewal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Bad annotations fail the context's startup, naming the method and the attribute. */
class DistributedLockValidationTests {

	private static InvalidDistributedLockException startupFailure(Class<?> service) {
		Throwable failure = catchThrowable(() -> {
			AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
			context.register(Config.class);
			context.registerBean(service);
			context.refresh();
			context.close();
		});
		assertThat(failure).as("startup failure").isNotNull();
		Throwable cause = NestedExceptionUtils.getMostSpecificCause(failure);
		assertThat(cause).isInstanceOf(InvalidDistributedLockException.class);
		return (InvalidDistributedLockException) cause;
	}

	@Test
	void invalidKeyExpression() {
		InvalidDistributedLockException failure = startupFailure(BadKey.class);
		assertThat(failure.getMethod()).isEqualTo(BadKey.class.getName() + ".run");
		assertThat(failure.getAttribute()).isEqualTo("key");
		assertThat(failure).hasMessageContaining("#order.(").hasMessageContaining("SpEL");
	}

	@Test
	void unparsableDuration() {
		InvalidDistributedLockException failure = startupFailure(BadTtl.class);
		assertThat(failure.getAttribute()).isEqualTo("ttl");
		assertThat(failure).hasMessageContaining("'thirty seconds'").hasMessageContaining("\"30s\"");
	}

	@Test
	void zeroTtl() {
		assertThat(startupFailure(ZeroTtl.class)).hasMessageContaining("ttl").hasMessageContaining("positive");
	}

	@Test
	void subMillisecondIntervalFailsAtStartup() {
		InvalidDistributedLockException failure = startupFailure(TinyInterval.class);
		assertThat(failure.getAttribute()).isEqualTo("interval");
		assertThat(failure).hasMessageContaining("at least 1ms");
	}

	@Test
	void negativeWaitTime() {
		assertThat(startupFailure(NegativeWait.class).getAttribute()).isEqualTo("waitTime");
	}

	@Test
	void waitTimeWithoutBlocking() {
		assertThat(startupFailure(WaitWithoutBlocking.class)).hasMessageContaining("blocking = true");
	}

	@Test
	void renewalWithTtlNever() {
		InvalidDistributedLockException failure = startupFailure(RenewedWithoutExpiry.class);
		assertThat(failure.getAttribute()).isEqualTo("renewal");
		assertThat(failure.getValue()).isEqualTo("ENABLED");
		assertThat(failure.getMethod()).isEqualTo(RenewedWithoutExpiry.class.getName() + ".run");
		assertThat(failure).hasMessageContaining("ttl = \"never\"").hasMessageContaining("nothing to renew");
	}

	@Test
	void badAttributeOnTheClassFailsToo() {
		assertThat(startupFailure(BadClassLevel.class).getMethod()).isEqualTo(BadClassLevel.class.getName() + ".run");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import(LockTestConfiguration.class)
	static class Config {

	}

	static class BadKey {

		@DistributedLock(key = "#order.(")
		public void run() {
		}

	}

	static class BadTtl {

		@DistributedLock(ttl = "thirty seconds")
		public void run() {
		}

	}

	static class ZeroTtl {

		@DistributedLock(ttl = "0s")
		public void run() {
		}

	}

	static class TinyInterval {

		@DistributedLock(blocking = true, interval = "500us")
		public void run() {
		}

	}

	static class NegativeWait {

		@DistributedLock(blocking = true, waitTime = "-1s")
		public void run() {
		}

	}

	static class WaitWithoutBlocking {

		@DistributedLock(waitTime = "1s")
		public void run() {
		}

	}

	static class RenewedWithoutExpiry {

		@DistributedLock(ttl = "never", renewal = Renewal.ENABLED)
		public void run() {
		}

	}

	@DistributedLock(ttl = "soon")
	static class BadClassLevel {

		public void run() {
		}

	}

}
