package dev.distlock.spring;

import java.util.Optional;

import dev.distlock.EnclosingHolds;
import dev.distlock.Lock;
import dev.distlock.LockProvider;

/**
 * The holds of enclosing {@code @DistributedLock} calls on this thread, for a provider's {@code run*} methods: with
 * it, {@code provider.create(key).runBlockingOrFail(work)} inside a {@code @DistributedLock} method that holds the
 * same key through the same provider runs {@code work} under that hold, instead of waiting for its own caller. The
 * Spring Boot starter builds its provider with it; without the starter, pass it to
 * {@code LockProvider.builder(adapter).enclosingHolds(EnclosingDistributedLocks.onThisThread())}.
 *
 * <p>Only {@code run*} join: a lock's own {@code acquire} still has its own owner and is refused while the enclosing
 * call holds the key, and work handed to another thread sees no enclosing hold.
 *
 * @since 0.1.0
 */
public final class EnclosingDistributedLocks implements EnclosingHolds {

	private static final EnclosingDistributedLocks INSTANCE = new EnclosingDistributedLocks();

	private EnclosingDistributedLocks() {
	}

	/**
	 * The lookup of this thread's enclosing {@code @DistributedLock} calls.
	 * @return the lookup
	 */
	public static EnclosingDistributedLocks onThisThread() {
		return INSTANCE;
	}

	@Override
	public Optional<Lock> find(LockProvider provider, String key) {
		return LockFrame.find(provider, key);
	}

}
