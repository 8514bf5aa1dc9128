package dev.distlock;

import java.util.function.Consumer;

import dev.distlock.adapter.SemaphoreAdapter;

/**
 * Creates {@link Semaphore}s on one {@link SemaphoreAdapter}, with the same settings as a {@link LockProvider}
 * (namespace, default TTL, blocking, owners, renewal, policies, observer) and its own events.
 *
 * <pre>{@code
 * SemaphoreProvider semaphores = SemaphoreProvider.create(new MemorySemaphoreAdapter());
 * semaphores.create("partner-api", 2).runBlockingOrFail(() -> partner.call());
 * }</pre>
 *
 * <p>Semaphore keys never collide with lock or read-write lock keys of the same name: each kind has its own storage.
 *
 * @since 0.1.0
 */
public interface SemaphoreProvider extends LockListenable, AutoCloseable {

	/**
	 * Creates a semaphore of {@code limit} slots on {@code key}, with the provider's default TTL and a generated owner.
	 * @param key the key
	 * @param limit how many owners may hold a slot at once, 1 to 1,000,000
	 * @return the semaphore, holding no slot yet
	 * @throws IllegalArgumentException if {@code key} is {@code null}, blank, malformed or too long, or {@code limit}
	 * is out of range
	 */
	default Semaphore create(String key, int limit) {
		return create(key, limit, LockSettings.defaults());
	}

	/**
	 * Creates a semaphore of {@code limit} slots on {@code key}, with the given settings (TTL, owner, name, renewal,
	 * minimum hold), each falling back to the provider's default.
	 * @param key the key
	 * @param limit how many owners may hold a slot at once, 1 to 1,000,000
	 * @param settings the slot's settings
	 * @return the semaphore, holding no slot yet
	 * @throws IllegalArgumentException as {@link #create(String, int)}, or if {@code settings} is {@code null}
	 */
	Semaphore create(String key, int limit, LockSettings settings);

	/**
	 * Creates a semaphore on the key made by joining {@code keyParts} with the namespace's delimiter.
	 * @param keyParts the key's parts
	 * @param limit how many owners may hold a slot at once
	 * @param settings the slot's settings
	 * @return the semaphore, holding no slot yet
	 * @throws IllegalArgumentException as {@link LockFactory#create(Iterable, LockSettings)}, or for a bad limit
	 */
	default Semaphore create(Iterable<String> keyParts, int limit, LockSettings settings) {
		return create(getNamespace().join("keyParts", keyParts), limit, settings);
	}

	/**
	 * Turns a handle made by {@link Semaphore#toHandle()}, here or in another process, back into a semaphore bound to
	 * this provider. Touches no backend.
	 * @param handle the handle
	 * @return the semaphore
	 * @throws IllegalArgumentException if {@code handle} is {@code null}, was made in another namespace, or holds a
	 * key or owner the adapter cannot store exactly
	 */
	Semaphore restore(SemaphoreHandle handle);

	/**
	 * The blocking settings of {@code acquireBlocking()} and {@code runBlocking} without settings.
	 * @return the default blocking settings
	 */
	BlockingSettings getDefaultBlockingSettings();

	/**
	 * The namespace every key of this provider is stored under.
	 * @return the namespace
	 */
	Namespace getNamespace();

	/**
	 * Stops the provider's background work (renewal); its semaphores must not be used after.
	 */
	@Override
	void close();

	/**
	 * Creates a provider with the defaults {@link LockProvider.Builder} names.
	 * @param adapter the backend
	 * @return the provider
	 */
	static SemaphoreProvider create(SemaphoreAdapter adapter) {
		return create(adapter, (builder) -> {
		});
	}

	/**
	 * Creates a provider with the settings {@code settings} makes on a {@link LockProvider.Builder}: the same settings
	 * a lock provider has. Enclosing holds ({@link LockProvider.Builder#enclosingHolds}) do not apply to semaphores.
	 * @param adapter the backend
	 * @param settings sets what differs from the defaults
	 * @return the provider
	 */
	static SemaphoreProvider create(SemaphoreAdapter adapter, Consumer<? super LockProvider.Builder> settings) {
		return DefaultSemaphoreProvider.create(adapter, settings);
	}

}
