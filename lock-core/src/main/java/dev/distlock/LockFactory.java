package dev.distlock;

/**
 * Creates and restores locks: the narrow contract of the seed's {@code ILockProvider}, for code that makes locks
 * but neither listens to their events nor needs the provider's defaults. {@link LockProvider} is the type to inject.
 *
 * <p>Creating a lock touches no backend; it only fixes the lock's key, owner and TTL. Every {@link Lock} created
 * without an explicit owner gets a fresh one, so two locks on the same key exclude each other.
 *
 * <pre>{@code
 * LockFactory locks = LockProvider.builder(new MemoryLockAdapter()).build();
 * Lock lock = locks.create("orders:42");
 * lock.runOrFail(() -> ship(order));
 * }</pre>
 *
 * <p>Keys and owners are checked when a lock is created or restored, before any backend is touched: not
 * {@code null}, not blank (every whitespace kind, no-break spaces and U+200B, U+2060 and U+FEFF count as blank),
 * well-formed Unicode (no lone surrogate, which a backend would turn into {@code ?}), and at most
 * {@link #MAX_KEY_LENGTH} and {@link #MAX_OWNER_LENGTH} characters. A failure is an
 * {@link IllegalArgumentException} naming the argument, quoting at most a short prefix of a key and never any part
 * of an owner.
 *
 * @since 0.1.0
 */
public interface LockFactory {

	/** The most characters ({@link String#length()}) a key may have, without its namespace: {@value}. */
	int MAX_KEY_LENGTH = 1024;

	/** The most characters ({@link String#length()}) an owner may have, its parts joined: {@value}. */
	int MAX_OWNER_LENGTH = 256;

	/**
	 * Creates a lock on {@code key} with the provider's default TTL and a generated owner.
	 * @param key the key, unique within the provider's namespace
	 * @return the lock, not yet acquired
	 * @throws IllegalArgumentException if {@code key} is {@code null}, blank, malformed or longer than
	 * {@link #MAX_KEY_LENGTH}, or the adapter cannot store the key or owner exactly
	 * ({@link dev.distlock.adapter.LockAdapter#checkStorable})
	 */
	default Lock create(String key) {
		return create(key, LockSettings.defaults());
	}

	/**
	 * Creates a lock on {@code key} with the given TTL and owner, each falling back to the provider's default.
	 * @param key the key, unique within the provider's namespace
	 * @param settings the lock's TTL and owner
	 * @return the lock, not yet acquired
	 * @throws IllegalArgumentException if {@code key} is {@code null}, blank, malformed or longer than
	 * {@link #MAX_KEY_LENGTH}, {@code settings} is {@code null}, or the adapter cannot store the key or owner exactly
	 * ({@link dev.distlock.adapter.LockAdapter#checkStorable})
	 */
	Lock create(String key, LockSettings settings);

	/**
	 * Creates a lock on the key made by joining {@code keyParts} with the namespace's delimiter, for example
	 * {@code ["orders", "42"]} to {@code "orders:42"}.
	 * @param keyParts the key's parts
	 * @return the lock, not yet acquired
	 * @throws IllegalArgumentException if {@code keyParts} is {@code null} or empty, a part is {@code null}, blank or
	 * malformed, or the joined key is longer than {@link #MAX_KEY_LENGTH}
	 */
	default Lock create(Iterable<String> keyParts) {
		return create(keyParts, LockSettings.defaults());
	}

	/**
	 * Creates a lock on the key made by joining {@code keyParts}, with the given TTL and owner.
	 * @param keyParts the key's parts
	 * @param settings the lock's TTL and owner
	 * @return the lock, not yet acquired
	 * @throws IllegalArgumentException if {@code keyParts} is {@code null} or empty, a part is {@code null}, blank or
	 * malformed, the joined key is longer than {@link #MAX_KEY_LENGTH}, or {@code settings} is {@code null}
	 */
	default Lock create(Iterable<String> keyParts, LockSettings settings) {
		return create(getNamespace().join("keyParts", keyParts), settings);
	}

	/**
	 * Turns a handle made by {@link Lock#toHandle()}, here or in another process, back into a lock bound to this
	 * provider: same key, owner and TTL, so it can release, refresh or inspect what the original acquired.
	 * Restoring touches no backend. The handle names its namespace's root, not its delimiter: providers that exchange
	 * locks use the same namespace, delimiter included.
	 * @param handle the handle
	 * @return the lock
	 * @throws IllegalArgumentException if {@code handle} is {@code null}, was made in another namespace, or holds a
	 * key or owner the adapter cannot store exactly
	 */
	Lock restore(LockHandle handle);

	/**
	 * The namespace that isolates this provider's keys and events from those of other providers.
	 * @return the namespace
	 */
	Namespace getNamespace();

}
