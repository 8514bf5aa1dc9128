package dev.distlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.test.InstrumentedLockAdapter;

/**
 * What renewal costs: one background thread per provider, batches instead of a call per lock, nothing after close.
 */
class RenewalTests {

	private final InstrumentedLockAdapter adapter = new InstrumentedLockAdapter(new MemoryLockAdapter());

	// The standard provider's own type, for its renewer.
	private final DefaultLockProvider provider = (DefaultLockProvider) LockProvider.builder(this.adapter)
		.defaultRenewal(true)
		.build();

	@AfterEach
	void close() {
		this.provider.close();
	}

	@Test
	void manyRenewedLocksShareOneThreadAndAreRenewedInOneBatch() {
		long threadsBefore = maintenanceThreads();
		List<Lock> locks = new ArrayList<>();
		for (int i = 0; i < 500; i++) {
			// A 6 s TTL: the first renewal comes 2 s in, and takes every hold acquired within 1 s of the first.
			Lock lock = this.provider.create("job:" + i, LockSettings.defaults().withTtl(Duration.ofSeconds(6)));
			assertThat(lock.acquire()).isTrue();
			locks.add(lock);
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> this.adapter.refreshAllCalls() >= 1);
		assertThat(this.adapter.refreshAllSizes().get(0)).isEqualTo(500);
		assertThat(maintenanceThreads() - threadsBefore).isEqualTo(1);
		locks.forEach(Lock::release);
	}

	@Test
	void aLockRenewsOnlyWhenItsSettingsOrTheDefaultSaySo() {
		Lock off = this.provider.create("off",
				LockSettings.defaults().withTtl(Duration.ofMillis(300)).withRenewal(Renewal.DISABLED));
		Lock forever = this.provider.create("forever", LockSettings.defaults().withExpiry(Expiry.never()));
		Lock on = this.provider.create("on", LockSettings.defaults().withTtl(Duration.ofMillis(300)));
		assertThat(off.acquire()).isTrue();
		assertThat(forever.acquire()).isTrue();
		assertThat(on.acquire()).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.adapter.refreshAllCalls() >= 2);
		assertThat(this.adapter.refreshAllSizes()).containsOnly(1);
		assertThat(this.provider.renewer().renewedHolds()).isEqualTo(1);
	}

	@Test
	void closingTheProviderStopsRenewals() {
		Lock lock = this.provider.create("closing", LockSettings.defaults().withTtl(Duration.ofMillis(300)));
		assertThat(lock.acquire()).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.adapter.refreshAllCalls() >= 1);
		this.provider.close();
		int afterClose = this.adapter.refreshAllCalls();
		// Unrenewed, the lock lives out its TTL.
		await().atMost(Duration.ofSeconds(5)).until(lock::isExpired);
		assertThat(this.adapter.refreshAllCalls()).isEqualTo(afterClose);
	}

	private static long maintenanceThreads() {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.getName().startsWith("distlock-maintenance-") && thread.isAlive())
			.count();
	}

}
