package dev.distlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.distlock.adapter.MemoryLockAdapter;

/**
 * A provider built with {@link EnclosingHolds} runs the {@code run*} work of a lock whose key enclosing work already
 * holds (same provider, same key) under that hold, without acquiring or releasing; every other lock, and every
 * acquire, excludes as always.
 */
class EnclosingHoldsTests {

	private static final BlockingSettings SHORT_WAIT = BlockingSettings.of(Duration.ofMillis(50), Duration.ofMillis(5));

	// What an enclosing call (a @DistributedLock method, with the starter) holds: key -> its lock.
	private final Map<String, Lock> enclosing = new ConcurrentHashMap<>();

	private final MemoryLockAdapter adapter = new MemoryLockAdapter();

	private final LockProvider provider = LockProvider.builder(this.adapter)
		.enclosingHolds((provider, key) -> (provider == this.provider) ? Optional.ofNullable(this.enclosing.get(key))
				: Optional.empty())
		.build();

	@Test
	void nestedRunMethodsOfTheHeldKeyRunUnderTheEnclosingHoldWithoutAcquiringOrReleasing() throws Exception {
		Lock outer = this.provider.create("orders:42");
		assertThat(outer.acquire()).isTrue();
		this.enclosing.put("orders:42", outer);
		Lock nested = this.provider.create("orders:42");
		AtomicInteger ran = new AtomicInteger();

		assertThat(nested.run(ran::incrementAndGet).isAcquired()).isTrue();
		assertThat(nested.runOrFail(ran::incrementAndGet)).isEqualTo(2);
		assertThat(nested.runBlocking(ran::incrementAndGet, SHORT_WAIT).isAcquired()).isTrue();
		assertThat(nested.runBlockingOrFail(ran::incrementAndGet, SHORT_WAIT)).isEqualTo(4);

		// Still the enclosing call's, under its token: the nested work neither took nor freed anything.
		assertThat(outer.getState()).isInstanceOf(LockState.Acquired.class);
		assertThat(nested.getFencingToken()).isEmpty();
		assertThat(outer.release()).isTrue();
	}

	@Test
	void otherKeysOtherProvidersAndPlainAcquiresExcludeAsAlways() {
		Lock outer = this.provider.create("orders:42");
		assertThat(outer.acquire()).isTrue();
		this.enclosing.put("orders:42", outer);

		// A plain acquire has its own owner: held by the enclosing call, so refused.
		assertThat(this.provider.create("orders:42").acquire()).isFalse();
		// Another key is acquired for real, and released.
		Lock other = this.provider.create("orders:43");
		assertThat(other.run(() -> other.getFencingToken().isPresent()).orElseThrow()).isTrue();
		// Another provider on the same adapter and namespace sees no enclosing hold.
		Lock elsewhere = LockProvider.builder(this.adapter).build().create("orders:42");
		assertThatThrownBy(() -> elsewhere.runOrFail(() -> "ran")).isInstanceOf(KeyAlreadyAcquiredException.class);
		assertThat(outer.release()).isTrue();
	}

	@Test
	void withoutEnclosingHoldsANestedRunWaitsForItsOwnCallerAndFails() {
		LockProvider plain = LockProvider.builder(this.adapter).build();
		Lock outer = plain.create("orders:42");
		assertThat(outer.acquire()).isTrue();

		assertThat(plain.create("orders:42").runBlocking(() -> "ran", SHORT_WAIT).isAcquired()).isFalse();
		assertThat(outer.release()).isTrue();
	}

}
