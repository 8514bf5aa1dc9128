package dev.distlock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import dev.distlock.adapter.NoOpLockAdapter;

/**
 * The no-op adapter lets everyone in: locking switched off.
 */
class NoOpLockAdapterTests {

	private final LockProvider provider = LockProvider.builder(new NoOpLockAdapter()).build();

	@Test
	void everyAcquireSucceedsEvenForTwoOwners() {
		Lock first = this.provider.create("k");
		Lock second = this.provider.create("k");
		assertThat(first.acquire()).isTrue();
		assertThat(second.acquire()).isTrue();
		assertThat(second.runOrFail(() -> "ran")).isEqualTo("ran");
		assertThat(first.release()).isTrue();
		assertThat(first.refresh()).isTrue();
		assertThat(first.isExpired()).isTrue();
		assertThat(first.forceRelease()).isFalse();
	}

}
