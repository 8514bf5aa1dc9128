package dev.distlock.adapter;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * An adapter that locks nothing: every acquire, release and refresh succeeds and no state is kept.
 *
 * <p>For tests, and for switching locking off without touching the code that locks. {@link #state(String)} is always
 * empty and {@link #forceRelease(String)} always {@code false}, since no lock ever exists.
 */
public final class NoOpLockAdapter implements LockAdapter {

	/** Creates the adapter. */
	public NoOpLockAdapter() {
	}

	@Override
	public boolean acquire(String key, String owner, @Nullable Duration ttl) {
		return true;
	}

	@Override
	public boolean release(String key, String owner) {
		return true;
	}

	@Override
	public boolean forceRelease(String key) {
		return false;
	}

	@Override
	public boolean refresh(String key, String owner, Duration ttl) {
		return true;
	}

	@Override
	public Optional<LockHolder> state(String key) {
		return Optional.empty();
	}

}
