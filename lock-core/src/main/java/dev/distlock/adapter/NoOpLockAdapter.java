package dev.distlock.adapter;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * An adapter that locks nothing: every acquire, release and refresh succeeds and no state is kept.
 *
 * <p>For tests, and for switching locking off without touching the code that locks. {@link #state(String)} is always
 * empty and {@link #forceRelease(String)} always {@code false}, since no lock ever exists. Every acquire gets a new
 * fencing token from one counter, so tokens still increase.
 *
 * @since 0.1.0
 */
public final class NoOpLockAdapter implements LockAdapter {

	private final AtomicLong tokens = new AtomicLong();

	/** Creates the adapter. */
	public NoOpLockAdapter() {
	}

	@Override
	public AcquireResult acquire(String key, String owner, @Nullable Duration ttl, long attempt) {
		return new AcquireResult.Acquired(this.tokens.incrementAndGet());
	}

	@Override
	public boolean undoAcquire(String key, String owner, long attempt) {
		return false;
	}

	@Override
	public UpdateResult release(String key, String owner, long token) {
		return UpdateResult.UPDATED;
	}

	@Override
	public UpdateResult releaseAfter(String key, String owner, long token, Duration remaining) {
		return UpdateResult.UPDATED;
	}

	@Override
	public boolean forceRelease(String key) {
		return false;
	}

	@Override
	public UpdateResult refresh(String key, String owner, long token, Duration ttl) {
		return UpdateResult.UPDATED;
	}

	@Override
	public Optional<LockHolder> state(String key) {
		return Optional.empty();
	}

}
