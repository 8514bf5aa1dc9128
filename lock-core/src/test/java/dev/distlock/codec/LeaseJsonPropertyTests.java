package dev.distlock.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.LinkedHashMap;
import java.util.Map;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import dev.distlock.Expiry;
import dev.distlock.LockHandle;
import dev.distlock.ReadWriteLockHandle;
import dev.distlock.SemaphoreHandle;
import dev.distlock.UntrustedText;

/**
 * The semaphore and read-write lock handle forms against generated input: every handle travels exactly, and a handle
 * with a field taken away, added, or given a value of another type is refused with a short message that never holds
 * the owner.
 */
class LeaseJsonPropertyTests {

	private static final int MAX_MESSAGE_LENGTH = 400;

	@Property(tries = 300)
	void everySemaphoreHandleTravelsExactly(@ForAll("semaphoreHandles") SemaphoreHandle handle) {
		String json = LeaseJson.write(handle);
		assertThat(LeaseJson.readSemaphoreHandle(json)).isEqualTo(handle);
		assertThat(FlatJson.read(json)).containsExactlyEntriesOf(LeaseJson.fields(handle));
	}

	@Property(tries = 300)
	void everyReadWriteLockHandleTravelsExactly(@ForAll("readWriteLockHandles") ReadWriteLockHandle handle) {
		String json = LeaseJson.write(handle);
		assertThat(LeaseJson.readReadWriteLockHandle(json)).isEqualTo(handle);
	}

	@Property(tries = 500)
	void aSpoiledSemaphoreHandleIsRefusedWithoutTheOwner(@ForAll("semaphoreHandles") SemaphoreHandle handle,
			@ForAll("spoilers") Spoiler spoiler) {
		Map<String, @Nullable Object> fields = spoiler.apply(LeaseJson.fields(handle));
		assertThatIllegalArgumentException().isThrownBy(() -> LeaseJson.readSemaphoreHandle(FlatJson.write(fields)))
			.satisfies((ex) -> assertShortAndOwnerless(ex, handle.slot().owner()));
	}

	@Property(tries = 500)
	void aSpoiledReadWriteLockHandleIsRefusedWithoutTheOwner(
			@ForAll("readWriteLockHandles") ReadWriteLockHandle handle, @ForAll("spoilers") Spoiler spoiler) {
		Map<String, @Nullable Object> fields = spoiler.apply(LeaseJson.fields(handle));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LeaseJson.readReadWriteLockHandle(FlatJson.write(fields)))
			.satisfies((ex) -> assertShortAndOwnerless(ex, handle.read().owner()));
	}

	private static void assertShortAndOwnerless(IllegalArgumentException ex, String owner) {
		assertThat(ex.getMessage()).hasSizeLessThanOrEqualTo(MAX_MESSAGE_LENGTH).doesNotContain("\n");
		// A quoted value is at most 32 characters: a longer owner in a message would mean it was printed. A shorter
		// one may occur in any text by chance (an owner of one quote character, say).
		if (owner.length() > UntrustedText.QUOTED_PREFIX) {
			assertThat(ex.getMessage()).doesNotContain(owner);
		}
	}

	@Test
	void aLimitOutOfRangeIsRefusedNamingTheLimit() {
		LockHandle slot = new LockHandle("lock", "reports", "owner-1", Expiry.never());
		String zero = LeaseJson.write(new SemaphoreHandle(slot, 1)).replace("\"limit\":1", "\"limit\":0");
		String huge = LeaseJson.write(new SemaphoreHandle(slot, 1)).replace("\"limit\":1", "\"limit\":4294967296");
		assertThatIllegalArgumentException().isThrownBy(() -> LeaseJson.readSemaphoreHandle(zero))
			.withMessageContaining("limit");
		assertThatIllegalArgumentException().isThrownBy(() -> LeaseJson.readSemaphoreHandle(huge))
			.withMessageContaining("limit");
	}

	@Test
	void theFormsAreFlatAndNamed() {
		LockHandle read = new LockHandle("lock", "catalog", "owner-1", Expiry.never(), 18);
		LockHandle write = new LockHandle("lock", "catalog", "owner-1", Expiry.never(), 19);
		assertThat(LeaseJson.write(new ReadWriteLockHandle(read, write))).isEqualTo(
				"{\"namespace\":\"lock\",\"key\":\"catalog\",\"owner\":\"owner-1\",\"ttl\":null,\"readToken\":18,"
						+ "\"writeToken\":19}");
		assertThat(LeaseJson.write(new SemaphoreHandle(read, 5))).isEqualTo(
				"{\"namespace\":\"lock\",\"key\":\"catalog\",\"owner\":\"owner-1\",\"ttl\":null,\"token\":18,"
						+ "\"limit\":5}");
	}

	@Provide
	Arbitrary<SemaphoreHandle> semaphoreHandles() {
		return Combinators.combine(new LockJsonPropertyTests().handles(), Arbitraries.integers().between(1, 1_000_000))
			.as(SemaphoreHandle::new);
	}

	@Provide
	Arbitrary<ReadWriteLockHandle> readWriteLockHandles() {
		return Combinators
			.combine(new LockJsonPropertyTests().handles(), Arbitraries.longs().between(0, Long.MAX_VALUE))
			.as((read, writeToken) -> new ReadWriteLockHandle(read,
					new LockHandle(read.namespace(), read.key(), read.owner(), read.expiry(), writeToken)));
	}

	@Provide
	Arbitrary<Spoiler> spoilers() {
		Arbitrary<String> required = Arbitraries.of("namespace", "key", "owner", "ttl");
		return Arbitraries.oneOf(required.map((name) -> (fields) -> without(fields, name)),
				required.map((name) -> (fields) -> with(fields, name, true)),
				Arbitraries.of("extra", "Owner", "v").map((name) -> (fields) -> with(fields, name, "x")));
	}

	private static Map<String, @Nullable Object> without(Map<String, @Nullable Object> fields, String name) {
		Map<String, @Nullable Object> spoiled = new LinkedHashMap<>(fields);
		spoiled.remove(name);
		return spoiled;
	}

	private static Map<String, @Nullable Object> with(Map<String, @Nullable Object> fields, String name,
			Object value) {
		Map<String, @Nullable Object> spoiled = new LinkedHashMap<>(fields);
		spoiled.put(name, value);
		return spoiled;
	}

	/** Turns valid fields into invalid ones. */
	@FunctionalInterface
	interface Spoiler {

		Map<String, @Nullable Object> apply(Map<String, @Nullable Object> fields);

	}

}
