package dev.distlock.spring.actuate;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import dev.distlock.LockProvider;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.MemoryLockAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/** UP when the backend answers a state read, DOWN with the error when it does not. */
class LockHealthIndicatorTests {

	@Test
	void upWhenTheBackendAnswers() {
		MemoryLockAdapter adapter = new MemoryLockAdapter();
		Health health = new LockHealthIndicator(LockProvider.builder(adapter).namespace("billing").build(), adapter)
			.health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		assertThat(health.getDetails()).containsEntry("adapter", "memory")
			.containsEntry("namespace", "billing")
			.doesNotContainKey("subscribed");
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
		public boolean acquire(String key, String owner, Duration ttl) {
			throw new IllegalStateException("down");
		}

		@Override
		public boolean release(String key, String owner) {
			throw new IllegalStateException("down");
		}

		@Override
		public boolean forceRelease(String key) {
			throw new IllegalStateException("down");
		}

		@Override
		public boolean refresh(String key, String owner, Duration ttl) {
			throw new IllegalStateException("down");
		}

		@Override
		public Optional<LockHolder> state(String key) {
			assertThat(key).isEqualTo("lock:__health");
			throw new IllegalStateException("down");
		}

	}

}
