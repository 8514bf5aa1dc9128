package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.event.EventListener;

import dev.distlock.Expiry;
import dev.distlock.KeyAlreadyAcquiredException;
import dev.distlock.Lease;
import dev.distlock.LockListenable;
import dev.distlock.LockMode;
import dev.distlock.LockProvider;
import dev.distlock.Namespace;
import dev.distlock.ReadWriteLock;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.Semaphore;
import dev.distlock.SemaphoreProvider;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.MemoryReadWriteLockAdapter;
import dev.distlock.adapter.MemorySemaphoreAdapter;
import dev.distlock.adapter.NoOpLockAdapter;
import dev.distlock.adapter.ReadWriteLockAdapter;
import dev.distlock.adapter.SemaphoreAdapter;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.spring.DistributedReadWriteLock;
import dev.distlock.spring.DistributedSemaphore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The semaphore and read-write lock providers: on the memory backend's adapters, with the default provider's
 * {@code distlock.*} settings, backing off for the application's own, absent for no-op and foreign lock adapters,
 * closed with the context; the annotations and the event bridge on them.
 */
class SemaphoreAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DistributedLockAutoConfiguration.class,
				LockApplicationEventsAutoConfiguration.class));

	@Test
	void theMemoryBackendHasSemaphoresAndReadWriteLocks() {
		this.runner.withPropertyValues("distlock.adapter=memory").run((context) -> {
			assertThat(context).hasSingleBean(SemaphoreProvider.class).hasSingleBean(ReadWriteLockProvider.class);
			assertThat(context.getBean(SemaphoreAdapter.class)).isInstanceOf(MemorySemaphoreAdapter.class);
			assertThat(context.getBean(ReadWriteLockAdapter.class)).isInstanceOf(MemoryReadWriteLockAdapter.class);
			// Still the lock provider: the new providers are listenables too, but not the one to inject.
			assertThat(context.getBean(LockListenable.class)).isSameAs(context.getBean(LockProvider.class));
			Semaphore first = context.getBean(SemaphoreProvider.class).create("pool", 1);
			assertThat(first.acquire()).isTrue();
			assertThat(context.getBean(SemaphoreProvider.class).create("pool", 1).acquire()).isFalse();
			// Its own storage: the lock of the same key is free.
			assertThat(context.getBean(LockProvider.class).create("pool").acquire()).isTrue();
		});
	}

	@Test
	void autoWithoutRedisOrJdbcTakesMemorySemaphoresToo() {
		this.runner.run((context) -> assertThat(context.getBean(SemaphoreAdapter.class))
			.isInstanceOf(MemorySemaphoreAdapter.class));
	}

	@Test
	void theProvidersTakeTheDefaultProvidersProperties() {
		this.runner
			.withPropertyValues("distlock.namespace=billing", "distlock.delimiter=/", "distlock.default-ttl=30s",
					"distlock.renewal.enabled=true", "distlock.instance-id=node-1")
			.run((context) -> {
				SemaphoreProvider semaphores = context.getBean(SemaphoreProvider.class);
				ReadWriteLockProvider readWriteLocks = context.getBean(ReadWriteLockProvider.class);
				Namespace billing = Namespace.of("billing").withDelimiter("/");
				assertThat(semaphores.getNamespace()).isEqualTo(billing);
				assertThat(readWriteLocks.getNamespace()).isEqualTo(billing);
				Semaphore semaphore = semaphores.create("pool", 2);
				assertThat(semaphore.getExpiry()).isEqualTo(Expiry.after(Duration.ofSeconds(30)));
				assertThat(semaphore.isRenewed()).isTrue();
				Lease write = readWriteLocks.create("catalog").writeLock();
				assertThat(write.getExpiry()).isEqualTo(Expiry.after(Duration.ofSeconds(30)));
				assertThat(write.isRenewed()).isTrue();
				List<LockEvent> events = new CopyOnWriteArrayList<>();
				semaphores.addListener(events::add);
				semaphore.acquire();
				assertThat(events).singleElement().satisfies((event) -> assertThat(event.origin()).isEqualTo("node-1"));
			});
	}

	@Test
	void aBadPropertyFailsOnceNamingIt() {
		this.runner.withPropertyValues("distlock.namespace= ")
			.run((context) -> assertThat(DistributedLockAutoConfigurationTests.configurationFailure(context)
				.getProperty()).isEqualTo("distlock.namespace"));
	}

	@Test
	void backsOffForTheApplicationsProviders() {
		SemaphoreProvider semaphores = SemaphoreProvider.create(new MemorySemaphoreAdapter());
		ReadWriteLockProvider readWriteLocks = ReadWriteLockProvider.create(new MemoryReadWriteLockAdapter());
		this.runner.withBean(SemaphoreProvider.class, () -> semaphores)
			.withBean(ReadWriteLockProvider.class, () -> readWriteLocks)
			.run((context) -> {
				assertThat(context.getBean(SemaphoreProvider.class)).isSameAs(semaphores);
				assertThat(context.getBean(ReadWriteLockProvider.class)).isSameAs(readWriteLocks);
			});
	}

	@Test
	void theProvidersUseTheApplicationsAdapters() {
		MemorySemaphoreAdapter semaphoreAdapter = new MemorySemaphoreAdapter();
		MemoryReadWriteLockAdapter readWriteLockAdapter = new MemoryReadWriteLockAdapter();
		this.runner.withBean(SemaphoreAdapter.class, () -> semaphoreAdapter)
			.withBean(ReadWriteLockAdapter.class, () -> readWriteLockAdapter)
			.run((context) -> {
				assertThat(context).hasSingleBean(SemaphoreAdapter.class).hasSingleBean(ReadWriteLockAdapter.class);
				assertThat(context.getBean(SemaphoreProvider.class).create("pool", 3).acquire()).isTrue();
				assertThat(semaphoreAdapter.holders(Namespace.DEFAULT.qualify("pool")).holders()).hasSize(1);
				assertThat(context.getBean(ReadWriteLockProvider.class).create("catalog").readLock().acquire())
					.isTrue();
				assertThat(readWriteLockAdapter.holders(Namespace.DEFAULT.qualify("catalog")).readers()).hasSize(1);
			});
	}

	@Test
	void noOpHasNeitherSemaphoresNorReadWriteLocks() {
		this.runner.withPropertyValues("distlock.adapter=no-op")
			.run((context) -> assertThat(context).doesNotHaveBean(SemaphoreAdapter.class)
				.doesNotHaveBean(ReadWriteLockAdapter.class)
				.doesNotHaveBean(SemaphoreProvider.class)
				.doesNotHaveBean(ReadWriteLockProvider.class));
	}

	@Test
	void theApplicationsOwnLockAdapterGetsNoMemorySemaphoresBesideIt() {
		// Semaphores on another backend than the locks would be a surprise: they follow the lock adapter's backend.
		this.runner.withBean(LockAdapter.class, NoOpLockAdapter::new)
			.run((context) -> assertThat(context).doesNotHaveBean(SemaphoreAdapter.class)
				.doesNotHaveBean(SemaphoreProvider.class)
				.doesNotHaveBean(ReadWriteLockProvider.class));
	}

	@Test
	void theProvidersAreClosedWithTheContextAndStopRenewing() {
		MemorySemaphoreAdapter adapter = new MemorySemaphoreAdapter();
		this.runner.withPropertyValues("distlock.renewal.enabled=true", "distlock.default-ttl=300ms")
			.withBean(SemaphoreAdapter.class, () -> adapter)
			.run((context) -> {
				SemaphoreProvider semaphores = context.getBean(SemaphoreProvider.class);
				assertThat(semaphores.create("job", 1).acquire()).isTrue();
				Semaphore other = semaphores.create("job", 1);
				await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !other.acquire());
			});
		// Renewed by a thread that lived on, the slot would stay held for good; closed, its TTL frees it.
		Semaphore afterwards = SemaphoreProvider.create(adapter).create("job", 1);
		await().atMost(Duration.ofSeconds(5)).until(afterwards::acquire);
	}

	@Test
	void theAnnotationsRunOnTheProvidersAndTheirEventsBecomeApplicationEvents() {
		this.runner.withBean(Jobs.class).run((context) -> {
			Jobs jobs = context.getBean(Jobs.class);
			assertThat(jobs.report()).isEqualTo("1 of 2 slots held");
			assertThat(jobs.rebuild()).isEqualTo("written");
			assertThat(jobs.acquired()).extracting((event) -> event.lock().getKey()).containsExactly("reports",
					"catalog");
			// Held elsewhere, the write is refused: the annotation's hold is the provider bean's.
			ReadWriteLock catalog = context.getBean(ReadWriteLockProvider.class).create("catalog");
			assertThat(catalog.readLock().acquire()).isTrue();
			assertThatExceptionOfType(KeyAlreadyAcquiredException.class).isThrownBy(jobs::rebuild);
		});
	}

	static class Jobs {

		private final List<LockAcquiredEvent> acquired = new CopyOnWriteArrayList<>();

		private final SemaphoreProvider semaphores;

		Jobs(SemaphoreProvider semaphores) {
			this.semaphores = semaphores;
		}

		@EventListener
		public void on(LockAcquiredEvent event) {
			this.acquired.add(event);
		}

		// Through a method: the context holds a class proxy, whose own fields are unset.
		public List<LockAcquiredEvent> acquired() {
			return this.acquired;
		}

		@DistributedSemaphore(key = "'reports'", limit = 2)
		public String report() {
			return this.semaphores.create("reports", 2).getState().held() + " of 2 slots held";
		}

		@DistributedReadWriteLock(key = "'catalog'", mode = LockMode.WRITE)
		public String rebuild() {
			return "written";
		}

	}

}
