package dev.distlock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LimitMismatchException;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.ReleaseWatch;
import dev.distlock.adapter.SemaphoreAdapter;
import dev.distlock.adapter.SemaphoreHolders;
import dev.distlock.adapter.UpdateResult;
import org.jspecify.annotations.Nullable;

/**
 * A semaphore's slots seen as a {@link LockAdapter}, so that a slot is a {@link DefaultLock} with all its logic
 * (blocking, undo, renewal, events, {@code run*}). A value: views of one backend, namespace and limit are equal, so
 * the renewer batches their refreshes together.
 */
record SemaphoreSlots(SemaphoreAdapter semaphores, Namespace namespace, int limit) implements LockAdapter {

	@Override
	public void checkStorable(String key, String owner) {
		this.semaphores.checkStorable(key, owner);
	}

	@Override
	public AcquireResult acquire(String key, String owner, @Nullable Duration ttl, long attempt) {
		try {
			return this.semaphores.acquire(key, this.limit, owner, ttl, attempt);
		}
		catch (LimitMismatchException ex) {
			throw new SemaphoreLimitMismatchException(this.namespace.unqualify(key), this.limit,
					ex.getRecordedLimit());
		}
	}

	@Override
	public boolean undoAcquire(String key, String owner, long attempt) {
		return this.semaphores.undoAcquire(key, owner, attempt);
	}

	@Override
	public UpdateResult release(String key, String owner, long token) {
		return this.semaphores.release(key, owner, token);
	}

	@Override
	public UpdateResult releaseAfter(String key, String owner, long token, Duration remaining) {
		return this.semaphores.releaseAfter(key, owner, token, remaining);
	}

	@Override
	public boolean forceRelease(String key) {
		return this.semaphores.forceReleaseAll(key) > 0;
	}

	@Override
	public UpdateResult refresh(String key, String owner, long token, Duration ttl) {
		return this.semaphores.refresh(key, owner, token, ttl);
	}

	@Override
	public List<UpdateResult> refreshAll(List<Refresh> refreshes) {
		return this.semaphores.refreshAll(refreshes);
	}

	@Override
	public Optional<LockHolder> state(String key) {
		SemaphoreHolders holders = this.semaphores.holders(key);
		return isFull(holders) ? Optional.of(holders.holders().get(0)) : Optional.empty();
	}

	@Override
	public Optional<LockHolder> stateFor(String key, String owner) {
		SemaphoreHolders holders = this.semaphores.holders(key);
		for (LockHolder holder : holders.holders()) {
			if (holder.owner().equals(owner)) {
				return Optional.of(holder);
			}
		}
		return isFull(holders) ? Optional.of(holders.holders().get(0)) : Optional.empty();
	}

	@Override
	public ReleaseWatch watchReleases(String key) {
		return this.semaphores.watchReleases(key);
	}

	private boolean isFull(SemaphoreHolders holders) {
		int limit = (holders.limit() > 0) ? holders.limit() : this.limit;
		return !holders.holders().isEmpty() && holders.holders().size() >= limit;
	}

}
