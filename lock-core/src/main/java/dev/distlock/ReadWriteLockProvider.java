package dev.distlock;

import java.util.function.Consumer;

import dev.distlock.adapter.ReadWriteLockAdapter;

/**
 * Creates {@link ReadWriteLock}s on one {@link ReadWriteLockAdapter}, with the same settings as a
 * {@link LockProvider} (namespace, default TTL, blocking, owners, renewal, policies, observer) and its own events.
 *
 * <pre>{@code
 * ReadWriteLockProvider readWriteLocks = ReadWriteLockProvider.create(new MemoryReadWriteLockAdapter());
 * readWriteLocks.create("catalog").readLock().runBlocking(() -> serve());
 * }</pre>
 *
 * <p>Read-write lock keys never collide with lock or semaphore keys of the same name: each kind has its own storage.
 *
 * @since 0.1.0
 */
public interface ReadWriteLockProvider extends LockListenable, AutoCloseable {

	/**
	 * Creates a read-write lock on {@code key}, with the provider's default TTL and a generated owner.
	 * @param key the key
	 * @return the lock, holding nothing yet
	 * @throws IllegalArgumentException if {@code key} is {@code null}, blank, malformed or too long
	 */
	default ReadWriteLock create(String key) {
		return create(key, LockSettings.defaults());
	}

	/**
	 * Creates a read-write lock on {@code key} with the given settings (TTL, owner, name, renewal, minimum hold), each
	 * falling back to the provider's default; both halves use them.
	 * @param key the key
	 * @param settings the halves' settings
	 * @return the lock, holding nothing yet
	 * @throws IllegalArgumentException as {@link #create(String)}, or if {@code settings} is {@code null}
	 */
	ReadWriteLock create(String key, LockSettings settings);

	/**
	 * Creates a read-write lock on the key made by joining {@code keyParts} with the namespace's delimiter.
	 * @param keyParts the key's parts
	 * @param settings the halves' settings
	 * @return the lock, holding nothing yet
	 * @throws IllegalArgumentException as {@link LockFactory#create(Iterable, LockSettings)}
	 */
	default ReadWriteLock create(Iterable<String> keyParts, LockSettings settings) {
		return create(getNamespace().join("keyParts", keyParts), settings);
	}

	/**
	 * Turns a handle made by {@link ReadWriteLock#toHandle()}, here or in another process, back into a read-write
	 * lock bound to this provider. Touches no backend.
	 * @param handle the handle
	 * @return the lock
	 * @throws IllegalArgumentException if {@code handle} is {@code null}, was made in another namespace, or holds a
	 * key or owner the adapter cannot store exactly
	 */
	ReadWriteLock restore(ReadWriteLockHandle handle);

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
	 * Stops the provider's background work (renewal); its locks must not be used after.
	 */
	@Override
	void close();

	/**
	 * Creates a provider with the defaults {@link LockProvider.Builder} names.
	 * @param adapter the backend
	 * @return the provider
	 */
	static ReadWriteLockProvider create(ReadWriteLockAdapter adapter) {
		return create(adapter, (builder) -> {
		});
	}

	/**
	 * Creates a provider with the settings {@code settings} makes on a {@link LockProvider.Builder}: the same settings
	 * a lock provider has. Enclosing holds ({@link LockProvider.Builder#enclosingHolds}) do not apply.
	 * @param adapter the backend
	 * @param settings sets what differs from the defaults
	 * @return the provider
	 */
	static ReadWriteLockProvider create(ReadWriteLockAdapter adapter,
			Consumer<? super LockProvider.Builder> settings) {
		return DefaultReadWriteLockProvider.create(adapter, settings);
	}

}
