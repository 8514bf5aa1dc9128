package dev.distlock;

import java.util.Optional;

/**
 * Tells a provider's {@code run*} methods whether the calling code already runs under a hold of the same key from
 * the same provider, taken by enclosing work (a {@code @DistributedLock} call around it, say): then they run the work
 * under that hold, without a second acquire or release, instead of waiting for the key against their own caller.
 *
 * <p>Opt-in, per provider ({@link LockProvider.Builder#enclosingHolds}); without it, and for
 * {@link Lock#acquire()} and its relatives always, every lock has its own owner and excludes every other, as usual.
 * The Spring Boot starter sets the one of {@code @DistributedLock} calls.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EnclosingHolds {

	/**
	 * Finds the enclosing hold of {@code key} on {@code provider}, if the calling code runs under one.
	 * @param provider the provider of the lock whose {@code run*} method was called
	 * @param key the key, as given to {@link LockProvider#create(String)}
	 * @return the lock of that enclosing hold, or empty
	 */
	Optional<Lock> find(LockProvider provider, String key);

	/**
	 * No enclosing holds: every {@code run*} acquires its key.
	 * @return the empty lookup
	 */
	static EnclosingHolds none() {
		return NoEnclosingHolds.INSTANCE;
	}

}

/** The default: nothing encloses anything. */
enum NoEnclosingHolds implements EnclosingHolds {

	INSTANCE;

	@Override
	public Optional<Lock> find(LockProvider provider, String key) {
		return Optional.empty();
	}

}
