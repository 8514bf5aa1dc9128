package dev.distlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.distlock.adapter.MemoryLockAdapter;

/**
 * Every lock operation passes through the observer once, with its result; composite methods are made of them.
 */
class LockObserverTests {

	private final List<String> observed = Collections.synchronizedList(new ArrayList<>());

	private final LockProvider provider = LockProvider.builder(new MemoryLockAdapter()).observer(new LockObserver() {

		@Override
		public <T extends @Nullable Object> T observe(LockOperation operation, Lock lock, Supplier<T> call) {
			T result = call.get();
			LockObserverTests.this.observed.add(operation + ":" + lock.getName().orElse("-") + ":" + result);
			return result;
		}

	}).build();

	@Test
	void seesEachOperationWithItsResultAndTheLocksName() {
		Lock lock = this.provider.create("k", LockSettings.defaults().withName("shipping"));
		Lock other = this.provider.create("k");
		lock.acquire();
		other.acquireBlocking(BlockingSettings.of(Duration.ZERO, Duration.ofMillis(1)));
		other.isLocked();
		lock.refresh();
		lock.release();
		other.forceRelease();
		assertThat(this.observed).containsExactly("ACQUIRE:shipping:true", "ACQUIRE_BLOCKING:-:false",
				"READ_STATE:-:Unavailable[ownerFingerprint=" + OwnerFingerprint.of(lock.getOwner()) + "]", "REFRESH:shipping:true",
				"RELEASE:shipping:true", "FORCE_RELEASE:-:false");
	}

	@Test
	void runIsAnAcquireAndARelease() {
		Lock lock = this.provider.create("k");
		lock.runBlockingOrFail(() -> "done");
		assertThat(this.observed).containsExactly("ACQUIRE_BLOCKING:-:true", "RELEASE:-:true");
	}

	@Test
	void refreshOfALockWithoutExpiryIsObservedToo() {
		Lock lock = this.provider.create("k", LockSettings.defaults().withExpiry(Expiry.never()));
		lock.refresh();
		assertThat(this.observed).containsExactly("REFRESH:-:false");
		assertThatThrownBy(() -> LockSettings.defaults().withName(" ")).hasMessageContaining("name");
	}

}
