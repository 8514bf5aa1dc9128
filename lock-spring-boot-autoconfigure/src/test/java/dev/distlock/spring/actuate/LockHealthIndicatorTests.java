package dev.distlock.spring.actuate;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.distlock.LockProvider;
import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.jdbc.JdbcLockAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** UP when the backend answers a state read, DOWN with the error when it does not. */
class LockHealthIndicatorTests {

	@Test
	void upWhenTheBackendAnswers() {
		MemoryLockAdapter adapter = new MemoryLockAdapter();
		LockProvider provider = LockProvider.builder(adapter).namespace("billing").build();
		provider.create("held").acquire();
		Health health = new LockHealthIndicator(provider, adapter).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		// Nothing about holders, whatever is held.
		assertThat(health.getDetails()).containsOnly(entry("adapter", "memory"), entry("namespace", "billing"));
	}

	@Test
	void aJdbcAdapterWhoseListenerIsDownIsStillUpLikeRedisWithoutItsSubscription() {
		// Waiters poll while the listening connection is away: slower wake-ups, the same exclusion.
		JdbcLockAdapter adapter = mock(JdbcLockAdapter.class);
		when(adapter.wakesAcrossProcesses()).thenReturn(true);
		when(adapter.isListening()).thenReturn(false);
		LockProvider provider = LockProvider.builder(new MemoryLockAdapter()).namespace("billing").build();
		Health health = new LockHealthIndicator(provider, adapter).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("listening", false).containsEntry("namespace", "billing");
		when(adapter.isListening()).thenReturn(true);
		assertThat(new LockHealthIndicator(provider, adapter).health().getDetails()).containsEntry("listening", true);
	}

	@Test
	void aJdbcAdapterWithoutAListenerHasNoListeningDetail() {
		JdbcLockAdapter adapter = mock(JdbcLockAdapter.class);
		when(adapter.wakesAcrossProcesses()).thenReturn(false);
		LockProvider provider = LockProvider.builder(new MemoryLockAdapter()).build();
		assertThat(new LockHealthIndicator(provider, adapter).health().getDetails()).doesNotContainKey("listening");
	}

	@Test
	void downWithTheErrorWhenTheBackendFails() {
		DownLockAdapter adapter = new DownLockAdapter();
		Health health = new LockHealthIndicator(LockProvider.builder(adapter).build(), adapter).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("adapter", "downlockadapter")
			.containsEntry("namespace", "lock")
			.hasEntrySatisfying("error", (error) -> assertThat(error.toString()).contains("LockBackendException"));
	}

	/** Answers nothing but failures; records the key it was asked about. */
	static final class DownLockAdapter implements LockAdapter {

		@Override
		public AcquireResult acquire(String key, String owner, @Nullable Duration ttl, long attempt) {
			throw new IllegalStateException("down");
		}

		@Override
		public boolean undoAcquire(String key, String owner, long attempt) {
			throw new IllegalStateException("down");
		}

		@Override
		public UpdateResult release(String key, String owner, long token) {
			throw new IllegalStateException("down");
		}

		@Override
		public boolean forceRelease(String key) {
			throw new IllegalStateException("down");
		}

		@Override
		public UpdateResult refresh(String key, String owner, long token, Duration ttl) {
			throw new IllegalStateException("down");
		}

		@Override
		public Optional<LockHolder> state(String key) {
			assertThat(key).isEqualTo("lock:_rt:__health");
			throw new IllegalStateException("down");
		}

	}

}
