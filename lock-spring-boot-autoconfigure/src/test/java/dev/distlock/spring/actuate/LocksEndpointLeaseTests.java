package dev.distlock.spring.actuate;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.distlock.BlockingSettings;
import dev.distlock.Expiry;
import dev.distlock.LockProvider;
import dev.distlock.ReadWriteLock;
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.Semaphore;
import dev.distlock.SemaphoreProvider;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.adapter.MemoryReadWriteLockAdapter;
import dev.distlock.adapter.MemorySemaphoreAdapter;
import dev.distlock.spring.actuate.LocksEndpoint.LeaseProviderDescriptor;
import dev.distlock.spring.actuate.LocksEndpoint.ReadWriteLockStateDescriptor;
import dev.distlock.spring.actuate.LocksEndpoint.SemaphoreStateDescriptor;
import dev.distlock.spring.observation.HeldLocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/** The endpoint's reads of semaphore and read-write lock keys: counts only, never an owner or a fingerprint. */
class LocksEndpointLeaseTests {

	private final LockProvider provider = LockProvider.builder(new MemoryLockAdapter()).namespace("billing").build();

	private final SemaphoreProvider semaphores = SemaphoreProvider.create(new MemorySemaphoreAdapter(),
			(builder) -> builder.namespace("billing").defaultExpiry(Expiry.after(Duration.ofSeconds(30))));

	private final ReadWriteLockProvider readWriteLocks = ReadWriteLockProvider.create(
			new MemoryReadWriteLockAdapter(), (builder) -> builder.namespace("billing"));

	private final LocksEndpoint endpoint = new LocksEndpoint(this.provider, new HeldLocks(this.provider, Clock.systemUTC()), null,
			this.semaphores, this.readWriteLocks);

	@Test
	void listsTheSemaphoreAndReadWriteLockProviders() {
		assertThat(this.endpoint.locks().leaseProviders()).containsExactly(
				new LeaseProviderDescriptor("semaphore", "semaphores", "billing"),
				new LeaseProviderDescriptor("read-write-lock", "read-write-locks", "billing"));
		LocksEndpoint locksOnly = new LocksEndpoint(this.provider, new HeldLocks(this.provider, Clock.systemUTC()));
		assertThat(locksOnly.locks().leaseProviders()).isEmpty();
	}

	@Test
	void readsASemaphoresLimitAndSlotsWithoutItsHolders() {
		Semaphore first = this.semaphores.create("exports", 3);
		Semaphore second = this.semaphores.create("exports", 3);
		first.acquire();
		second.acquire();
		Object state = this.endpoint.lease("semaphores", "exports");
		assertThat(state).isEqualTo(new SemaphoreStateDescriptor("billing", "exports", 3, 2, 1));
		assertThat(state.toString()).doesNotContain(first.getOwner(), second.getOwner(),
				first.getOwnerFingerprint(), second.getOwnerFingerprint());
	}

	@Test
	void aFreeSemaphoreKeyHasNoLimitToReport() {
		assertThat(this.endpoint.lease("semaphores", "idle"))
			.isEqualTo(new SemaphoreStateDescriptor("billing", "idle", null, 0, null));
	}

	@Test
	void readsReadersWriterAndWaitingWritersWithoutTheirOwners() {
		ReadWriteLock reader = this.readWriteLocks.create("catalog");
		ReadWriteLock otherReader = this.readWriteLocks.create("catalog");
		reader.readLock().acquire();
		otherReader.readLock().acquire();
		ReadWriteLock writer = this.readWriteLocks.create("catalog");
		CompletableFuture<Boolean> waiting = CompletableFuture.supplyAsync(() -> writer.writeLock()
			.acquireBlocking(BlockingSettings.of(Duration.ofSeconds(10), Duration.ofMillis(10))));
		await().atMost(Duration.ofSeconds(5))
			.until(() -> ((ReadWriteLockStateDescriptor) this.endpoint.lease("read-write-locks", "catalog"))
				.waitingWriters() == 1);
		Object state = this.endpoint.lease("read-write-locks", "catalog");
		assertThat(state).isEqualTo(new ReadWriteLockStateDescriptor("billing", "catalog", 2, false, 1));
		assertThat(state.toString()).doesNotContain(reader.getOwner(), otherReader.getOwner(), writer.getOwner());
		reader.readLock().release();
		otherReader.readLock().release();
		assertThat(waiting.join()).isTrue();
		assertThat(this.endpoint.lease("read-write-locks", "catalog"))
			.isEqualTo(new ReadWriteLockStateDescriptor("billing", "catalog", 0, true, 0));
		writer.writeLock().release();
	}

	@Test
	void anUnknownKindOrABadKeyIsTheClientsMistake() {
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.lease("mutexes", "a"))
			.withMessageContaining("'mutexes'")
			.withMessageContaining("semaphores, read-write-locks");
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> this.endpoint.lease("semaphores", " "))
			.withMessageStartingWith("Invalid lock key");
		LocksEndpoint locksOnly = new LocksEndpoint(this.provider, new HeldLocks(this.provider, Clock.systemUTC()));
		assertThatExceptionOfType(InvalidEndpointRequestException.class)
			.isThrownBy(() -> locksOnly.lease("semaphores", "a"));
	}

	@Test
	void overHttpABadKindIsA400ProblemDetail() {
		WebEndpointResponse<?> response = new LocksEndpointWebExtension(this.endpoint).lease("mutexes", "a");
		assertThat(response.getStatus()).isEqualTo(400);
		assertThat(response.getBody()).isInstanceOf(LocksEndpointWebExtension.Problem.class);
		assertThat(new LocksEndpointWebExtension(this.endpoint).lease("semaphores", "idle").getStatus())
			.isEqualTo(200);
	}

}
