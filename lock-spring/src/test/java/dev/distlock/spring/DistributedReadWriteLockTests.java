package dev.distlock.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.test.StepVerifier;

import dev.distlock.KeyAlreadyAcquiredException;
import dev.distlock.LockMode;
import dev.distlock.LockUpgradeException;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.ReadWriteLockState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * {@link DistributedReadWriteLock @DistributedReadWriteLock} on the memory adapter: readers share, a writer excludes
 * readers and writers, blocking, asynchronous results, skip, and nesting (a read inside a write joins it, a write
 * inside a read is an upgrade and refused).
 */
class DistributedReadWriteLockTests {

	private AnnotationConfigApplicationContext context;

	private Catalog catalog;

	private ReadWriteLockProvider readWriteLocks;

	private final ExecutorService executor = Executors.newCachedThreadPool();

	@BeforeEach
	void start() {
		this.context = new AnnotationConfigApplicationContext(Config.class);
		this.catalog = this.context.getBean(Catalog.class);
		this.readWriteLocks = this.context.getBean(ReadWriteLockProvider.class);
	}

	@AfterEach
	void stop() {
		this.executor.shutdownNow();
		this.context.close();
	}

	private ReadWriteLockState state() {
		return this.readWriteLocks.create("catalog").getState();
	}

	private List<Future<?>> readers(int count, CountDownLatch leave) throws InterruptedException {
		CountDownLatch entered = new CountDownLatch(count);
		List<Future<?>> calls = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			calls.add(this.executor.submit(() -> {
				this.catalog.read(entered, leave);
				return null;
			}));
		}
		assertThat(entered.await(5, TimeUnit.SECONDS)).as("every reader inside at once").isTrue();
		return calls;
	}

	@Test
	void readersShareAndAWriterIsRefusedWhileTheyRead() throws Exception {
		CountDownLatch leave = new CountDownLatch(1);
		List<Future<?>> calls = readers(3, leave);
		assertThat(state().readers()).isEqualTo(3);
		assertThatExceptionOfType(KeyAlreadyAcquiredException.class)
			.isThrownBy(() -> this.catalog.write(new CountDownLatch(1), new CountDownLatch(0)));
		leave.countDown();
		for (Future<?> call : calls) {
			call.get(5, TimeUnit.SECONDS);
		}
		this.catalog.write(new CountDownLatch(1), new CountDownLatch(0));
		assertThat(state().isFree()).isTrue();
	}

	@Test
	void aWriterExcludesReadersAndOtherWriters() throws Exception {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch leave = new CountDownLatch(1);
		Future<?> writer = this.executor.submit(() -> {
			this.catalog.write(entered, leave);
			return null;
		});
		assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(state().writeLocked()).isTrue();
		assertThatExceptionOfType(KeyAlreadyAcquiredException.class)
			.isThrownBy(() -> this.catalog.read(new CountDownLatch(1), new CountDownLatch(0)));
		assertThatExceptionOfType(KeyAlreadyAcquiredException.class)
			.isThrownBy(() -> this.catalog.write(new CountDownLatch(1), new CountDownLatch(0)));
		assertThat(this.catalog.skippingRead()).isNull();
		leave.countDown();
		writer.get(5, TimeUnit.SECONDS);
		assertThat(this.catalog.skippingRead()).isEqualTo("read");
	}

	@Test
	void aBlockingWriterWaitsForTheReadersToLeave() throws Exception {
		CountDownLatch leave = new CountDownLatch(1);
		readers(2, leave);
		Future<String> writer = this.executor.submit(this.catalog::blockingWrite);
		await().atMost(Duration.ofSeconds(5)).until(() -> state().waitingWriters() == 1);
		assertThat(writer).isNotDone();
		// Writer preference: a new reader is refused while the writer waits.
		assertThatExceptionOfType(KeyAlreadyAcquiredException.class)
			.isThrownBy(() -> this.catalog.read(new CountDownLatch(1), new CountDownLatch(0)));
		leave.countDown();
		assertThat(writer.get(5, TimeUnit.SECONDS)).isEqualTo("written");
	}

	@Test
	void aReadInsideAWriteRunsUnderTheWrite() {
		assertThat(this.catalog.readInsideWrite()).isEqualTo("0 readers, written");
		assertThat(state().isFree()).isTrue();
	}

	@Test
	void aWriteInsideAReadIsAnUpgradeAndRefusedAtOnce() {
		assertThatExceptionOfType(LockUpgradeException.class).isThrownBy(this.catalog::writeInsideRead);
		assertThat(state().isFree()).isTrue();
	}

	@Test
	void aCompletionStageHoldsTheWriteUntilItCompletes() throws Exception {
		CompletableFuture<String> work = new CompletableFuture<>();
		CompletableFuture<String> result = this.catalog.asyncWrite(work);
		assertThat(state().writeLocked()).isTrue();
		work.complete("done");
		assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("done");
		assertThat(state().isFree()).isTrue();
	}

	@Test
	void aMonoHoldsTheReadFromSubscriptionUntilItCompletes() {
		Sinks.One<String> value = Sinks.one();
		StepVerifier.create(this.catalog.monoRead(value.asMono()))
			.then(() -> await().atMost(Duration.ofSeconds(5)).until(() -> state().readers() == 1))
			.then(() -> value.tryEmitValue("done"))
			.expectNext("done")
			.verifyComplete();
		assertThat(state().isFree()).isTrue();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableDistributedLocks(proxyTargetClass = true)
	@Import({ LockTestConfiguration.class, SemaphoreTestConfiguration.class })
	static class Config {

		@Bean
		Catalog catalog(ReadWriteLockProvider readWriteLocks) {
			return new Catalog(readWriteLocks);
		}

	}

	static class Catalog {

		private final ReadWriteLockProvider readWriteLocks;

		@Autowired
		private ApplicationContext context;

		Catalog(ReadWriteLockProvider readWriteLocks) {
			this.readWriteLocks = readWriteLocks;
		}

		private Catalog self() {
			return this.context.getBean(Catalog.class);
		}

		@DistributedReadWriteLock(key = "'catalog'", mode = LockMode.READ)
		public void read(CountDownLatch entered, CountDownLatch leave) throws InterruptedException {
			entered.countDown();
			assertThat(leave.await(10, TimeUnit.SECONDS)).isTrue();
		}

		@DistributedReadWriteLock(key = "'catalog'", mode = LockMode.READ, ifNotAcquired = NotAcquired.SKIP)
		public String skippingRead() {
			return "read";
		}

		@DistributedReadWriteLock(key = "'catalog'", mode = LockMode.WRITE)
		public void write(CountDownLatch entered, CountDownLatch leave) throws InterruptedException {
			entered.countDown();
			assertThat(leave.await(10, TimeUnit.SECONDS)).isTrue();
		}

		@DistributedReadWriteLock(key = "'catalog'", mode = LockMode.WRITE, blocking = true, waitTime = "10s")
		public String blockingWrite() {
			return "written";
		}

		@DistributedReadWriteLock(key = "'catalog'", mode = LockMode.WRITE)
		public String readInsideWrite() {
			return self().readUnderWrite() + ", written";
		}

		@DistributedReadWriteLock(key = "'catalog'", mode = LockMode.READ)
		public String readUnderWrite() {
			ReadWriteLockState state = this.readWriteLocks.create("catalog").getState();
			assertThat(state.writeLocked()).isTrue();
			return state.readers() + " readers";
		}

		@DistributedReadWriteLock(key = "'catalog'", mode = LockMode.READ)
		public String writeInsideRead() {
			return self().blockingWrite();
		}

		@DistributedReadWriteLock(key = "'catalog'", mode = LockMode.WRITE)
		public CompletableFuture<String> asyncWrite(CompletableFuture<String> work) {
			return work;
		}

		@DistributedReadWriteLock(key = "'catalog'", mode = LockMode.READ)
		public Mono<String> monoRead(Mono<String> work) {
			return work;
		}

	}

}
