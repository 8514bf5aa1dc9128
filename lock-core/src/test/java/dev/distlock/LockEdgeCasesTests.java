package dev.distlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.event.LockEvent;

/**
 * The edges: a backend that fails after applying an acquire, waits and TTLs at the limits of time, and providers
 * built from one builder.
 */
class LockEdgeCasesTests {

	private final AppliesThenTimesOut adapter = new AppliesThenTimesOut();

	private final LockProvider provider = LockProvider.builder(this.adapter).build();

	@Test
	void anAcquireThatTheBackendAppliedBeforeFailingLeavesNoLockBehind() {
		Lock lock = this.provider.create("migration", LockSettings.defaults().withExpiry(Expiry.never()));
		this.adapter.timeOutAfterAcquire = true;
		assertThatExceptionOfType(LockBackendException.class).isThrownBy(() -> lock.run(() -> "work"));
		// Undone in the background, so that the failed call returned within one backend timeout.
		await().atMost(Duration.ofSeconds(10)).until(() -> this.adapter.memory.state("lock:_rt:migration").isEmpty());
	}

	@Test
	void aFailedReacquireDoesNotReleaseWhatThisHandleAlreadyHeld() {
		Lock lock = this.provider.create("held");
		assertThat(lock.acquire()).isTrue();
		this.adapter.timeOutAfterAcquire = true;
		assertThatExceptionOfType(LockBackendException.class).isThrownBy(lock::acquire);
		assertThat(this.adapter.memory.state("lock:_rt:held")).isPresent();
	}

	@Test
	void waitingForeverIsAValidBlockingSetting() {
		LockProvider memory = LockProvider.builder(new MemoryLockAdapter()).build();
		Lock lock = memory.create("k");
		Duration forever = ChronoUnit.FOREVER.getDuration();
		assertThat(lock.acquireBlocking(BlockingSettings.of(forever, forever))).isTrue();
	}

	@Test
	void aTtlBeyondAHundredYearsIsBadInputNamingTheArgument() {
		Duration absurd = Duration.ofSeconds(Long.MAX_VALUE);
		assertThatIllegalArgumentException().isThrownBy(() -> LockSettings.defaults().withTtl(absurd))
			.withMessageContaining("ttl must not exceed");
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.create("k").refresh(absurd))
			.withMessageContaining("ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> new LockHandle("lock", "k", "owner", Expiry.after(absurd)))
			.withMessageContaining("ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> Expiry.after(absurd)).withMessageContaining("ttl");
		assertThat(LockSettings.defaults().withTtl(Duration.ofDays(36_500)).expiry())
			.isEqualTo(Expiry.after(Duration.ofDays(36_500)));
	}

	@Test
	void providersBuiltFromOneBuilderDoNotHearEachOther() {
		LockProvider.Builder builder = LockProvider.builder(new MemoryLockAdapter());
		LockProvider first = builder.namespace("a").build();
		LockProvider second = builder.namespace("b").build();
		List<LockEvent> heard = new ArrayList<>();
		first.addListener(heard::add);
		second.create("k").acquire();
		assertThat(heard).isEmpty();
	}

	/** A backend that, when told to, applies an acquire and then reports a timeout, as Redis can. */
	private static final class AppliesThenTimesOut implements LockAdapter {

		final MemoryLockAdapter memory = new MemoryLockAdapter();

		volatile boolean timeOutAfterAcquire;

		@Override
		public AcquireResult acquire(String key, String owner, @Nullable Duration ttl, long attempt) {
			AcquireResult result = this.memory.acquire(key, owner, ttl, attempt);
			if (this.timeOutAfterAcquire) {
				throw new IllegalStateException("Command timed out after 2 second(s)");
			}
			return result;
		}

		@Override
		public boolean undoAcquire(String key, String owner, long attempt) {
			return this.memory.undoAcquire(key, owner, attempt);
		}

		@Override
		public UpdateResult release(String key, String owner, long token) {
			return this.memory.release(key, owner, token);
		}

		@Override
		public boolean forceRelease(String key) {
			return this.memory.forceRelease(key);
		}

		@Override
		public UpdateResult refresh(String key, String owner, long token, Duration ttl) {
			return this.memory.refresh(key, owner, token, ttl);
		}

		@Override
		public Optional<LockHolder> state(String key) {
			return this.memory.state(key);
		}

	}

}
