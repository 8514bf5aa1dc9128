package dev.distlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.distlock.adapter.MemoryLockAdapter;

/**
 * A lock travels as a handle, with no JSON library, and comes back as the same owner.
 */
class LockHandleTests {

	private final MemoryLockAdapter adapter = new MemoryLockAdapter();

	private final LockProvider provider = LockProvider.builder(this.adapter).namespace("orders").build();

	@Test
	void survivesJavaSerializationAndReleasesTheOriginalsLock() throws Exception {
		Lock lock = this.provider.create("42", LockSettings.defaults().withTtl(Duration.ofSeconds(30)));
		lock.acquireOrFail();
		LockHandle travelled = roundTrip(lock.toHandle());
		assertThat(travelled).isEqualTo(new LockHandle("orders", "42", lock.getOwner(), Expiry.after(Duration.ofSeconds(30)),
				lock.getFencingToken().orElseThrow()));
		LockProvider worker = LockProvider.builder(this.adapter).namespace("orders").build();
		assertThat(worker.restore(travelled).release()).isTrue();
		assertThat(lock.isExpired()).isTrue();
	}

	@Test
	void aHandleWithoutATokenStillRestoresALockThatReleasesTheOwnersHold() {
		Lock lock = this.provider.create("43");
		lock.acquireOrFail();
		LockHandle old = new LockHandle("orders", "43", lock.getOwner(), lock.getExpiry());
		assertThat(old.fencingToken()).isEmpty();
		Lock restored = this.provider.restore(old);
		assertThat(restored.getFencingToken()).isEmpty();
		assertThat(restored.release()).isTrue();
		assertThatIllegalArgumentException().isThrownBy(() -> new LockHandle("orders", "43", "owner", Expiry.never(), -1))
			.withMessageContaining("token");
	}

	@Test
	void keepsNoExpiry() {
		Lock lock = this.provider.create("forever", LockSettings.defaults().withExpiry(Expiry.never()));
		assertThat(this.provider.restore(lock.toHandle()).getExpiry()).isEqualTo(Expiry.never());
	}

	@Test
	void rejectsIncompleteHandlesByName() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LockHandle("orders", " ", "owner", Expiry.never()))
			.withMessageContaining("key");
		assertThatIllegalArgumentException().isThrownBy(() -> new LockHandle("orders", "42", null, Expiry.never()))
			.withMessageContaining("owner");
		assertThatIllegalArgumentException().isThrownBy(() -> new LockHandle("orders", "42", "o", Expiry.after(Duration.ZERO)))
			.withMessageContaining("ttl");
		assertThatIllegalArgumentException().isThrownBy(() -> this.provider.restore(null)).withMessageContaining("handle");
	}

	private static LockHandle roundTrip(LockHandle handle) throws Exception {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
			out.writeObject(handle);
		}
		try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
			return (LockHandle) in.readObject();
		}
	}

}
