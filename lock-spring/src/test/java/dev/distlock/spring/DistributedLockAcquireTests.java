package dev.distlock.spring;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.distlock.KeyAlreadyAcquiredException;
import dev.distlock.Lock;
import dev.distlock.LockProvider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** Acquiring: failing at once, waiting, giving up, and releasing when the method throws. */
class DistributedLockAcquireTests {

	private AnnotationConfigApplicationContext context;

	private AcquireService service;

	private LockProvider lockProvider;

	@BeforeEach
	void start() {
		this.context = new AnnotationConfigApplicationContext(Config.class);
		this.service = this.context.getBean(AcquireService.class);
		this.lockProvider = this.context.getBean(LockProvider.class);
	}

	@AfterEach
	void stop() {
		this.context.close();
	}

	@Test
	void nonBlockingCallFailsAtOnceWhenTheKeyIsHeldAndDoesNotRun() {
		Lock other = this.lockProvider.create("job");
		other.acquireOrFail();
		assertThatExceptionOfType(KeyAlreadyAcquiredException.class).isThrownBy(this.service::tryOnce);
		assertThat(this.service.runs()).isEqualTo(0);
		other.release();
		this.service.tryOnce();
		assertThat(this.service.runs()).isEqualTo(1);
	}

	@Test
	void blockingCallWaitsForTheRelease() throws Exception {
		Lock other = this.lockProvider.create("job");
		other.acquireOrFail();
		CompletableFuture<Void> call = CompletableFuture.runAsync(this.service::waitForIt);
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !call.isDone());
		assertThat(this.service.runs()).isEqualTo(0);
		other.release();
		call.get(5, TimeUnit.SECONDS);
		assertThat(this.service.runs()).isEqualTo(1);
	}

	@Test
	void blockingCallGivesUpAfterItsWaitTime() {
		Lock other = this.lockProvider.create("job");
		other.acquireOrFail();
		long start = System.nanoTime();
		assertThatExceptionOfType(KeyAlreadyAcquiredException.class).isThrownBy(this.service::waitBriefly);
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
		assertThat(this.service.runs()).isEqualTo(0);
	}

	@Test
	void lockIsReleasedWhenTheMethodThrows() {
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(this.service::fail);
		assertThat(this.lockProvider.create("job").isLocked()).isFalse();
	}

	@Test
	void secondCallerFailsWhileTheFirstIsInside() throws Exception {
		CountDownLatch inside = new CountDownLatch(1);
		CountDownLatch leave = new CountDownLatch(1);
		CompletableFuture<Void> first = CompletableFuture.runAsync(() -> this.service.holdUntil(inside, leave));
		assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
		assertThatExceptionOfType(KeyAlreadyAcquiredException.class)
			.isThrownBy(() -> this.service.holdUntil(new CountDownLatch(1), new CountDownLatch(0)));
		leave.countDown();
		first.get(5, TimeUnit.SECONDS);
	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks
	@Import(LockTestConfiguration.class)
	static class Config {

		@Bean
		AcquireService acquireService() {
			return new AcquireService();
		}

	}

	static class AcquireService {

		private final AtomicInteger runs = new AtomicInteger();

		public int runs() {
			return this.runs.get();
		}

		@DistributedLock(key = "'job'")
		public void tryOnce() {
			this.runs.incrementAndGet();
		}

		@DistributedLock(key = "'job'", blocking = true, waitTime = "10s", interval = "5s")
		public void waitForIt() {
			this.runs.incrementAndGet();
		}

		@DistributedLock(key = "'job'", blocking = true, waitTime = "200ms", interval = "50ms")
		public void waitBriefly() {
			this.runs.incrementAndGet();
		}

		@DistributedLock(key = "'job'")
		public void fail() {
			throw new IllegalStateException("boom");
		}

		@DistributedLock(key = "'held'")
		public void holdUntil(CountDownLatch inside, CountDownLatch leave) {
			inside.countDown();
			try {
				leave.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
