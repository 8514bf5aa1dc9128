package dev.distlock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.LockWait;
import dev.distlock.adapter.ReadWriteHolders;
import dev.distlock.adapter.ReadWriteLockAdapter;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.ReleaseWatch;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.adapter.UpgradeRefusedException;
import org.jspecify.annotations.Nullable;

/**
 * One half of a read-write lock seen as a {@link LockAdapter}, so that it is a {@link DefaultLock} with all its logic.
 * A value: the views of one backend and mode are equal, so the renewer batches their refreshes together.
 */
record ReadWriteHalf(ReadWriteLockAdapter locks, LockMode mode, Namespace namespace, Ticker ticker)
		implements LockAdapter {

	// How long a waiting writer's intent lives after an attempt at least, and at most, unless the wait or the
	// lock's TTL ends sooner: attempts come at least every retry interval, so a live writer keeps it alive, and a
	// crashed one holds readers back no longer than this past its last attempt (or three intervals, if longer).
	static final Duration MIN_INTENT = Duration.ofSeconds(5);

	@Override
	public void checkStorable(String key, String owner) {
		this.locks.checkStorable(key, owner);
	}

	@Override
	public AcquireResult acquire(String key, String owner, @Nullable Duration ttl, long attempt) {
		return acquire(key, owner, ttl, attempt, null);
	}

	private AcquireResult acquire(String key, String owner, @Nullable Duration ttl, long attempt,
			@Nullable Duration queueFor) {
		try {
			return this.locks.acquire(key, this.mode, owner, ttl, attempt, queueFor);
		}
		catch (UpgradeRefusedException ex) {
			throw new LockUpgradeException(this.namespace.unqualify(key));
		}
	}

	@Override
	public boolean undoAcquire(String key, String owner, long attempt) {
		return this.locks.undoAcquire(key, this.mode, owner, attempt);
	}

	@Override
	public UpdateResult release(String key, String owner, long token) {
		return this.locks.release(key, this.mode, owner, token);
	}

	@Override
	public UpdateResult releaseAfter(String key, String owner, long token, Duration remaining) {
		return this.locks.releaseAfter(key, this.mode, owner, token, remaining);
	}

	@Override
	public boolean forceRelease(String key) {
		return this.locks.forceReleaseAll(key) > 0;
	}

	@Override
	public UpdateResult refresh(String key, String owner, long token, Duration ttl) {
		return this.locks.refresh(key, this.mode, owner, token, ttl);
	}

	@Override
	public List<UpdateResult> refreshAll(List<Refresh> refreshes) {
		return this.locks.refreshAll(this.mode, refreshes);
	}

	@Override
	public Optional<LockHolder> state(String key) {
		return blocker(this.locks.holders(key), null);
	}

	@Override
	public Optional<LockHolder> stateFor(String key, String owner) {
		ReadWriteHolders holders = this.locks.holders(key);
		if (this.mode == LockMode.WRITE) {
			LockHolder writer = holders.writer();
			return (writer != null) ? Optional.of(writer) : blocker(holders, owner);
		}
		// A read: the owner's own, else what keeps it out.
		for (LockHolder reader : holders.readers()) {
			if (reader.owner().equals(owner)) {
				return Optional.of(reader);
			}
		}
		return blocker(holders, owner);
	}

	// What keeps an owner from taking this mode: for a read, another's write; for a write, another's read. Never
	// the owner's own read for a write: the write half would then say it holds what it does not.
	private Optional<LockHolder> blocker(ReadWriteHolders holders, @Nullable String owner) {
		LockHolder writer = holders.writer();
		if (writer != null && !writer.owner().equals(owner)) {
			return Optional.of(writer);
		}
		if (this.mode == LockMode.WRITE) {
			for (LockHolder reader : holders.readers()) {
				if (!reader.owner().equals(owner)) {
					return Optional.of(reader);
				}
			}
		}
		return Optional.empty();
	}

	@Override
	public ReleaseWatch watchReleases(String key) {
		return this.locks.watchReleases(key);
	}

	@Override
	public LockWait openWait(String key, String owner, @Nullable Duration ttl, long attempt, Duration waitTime) {
		if (this.mode == LockMode.READ) {
			return LockAdapter.super.openWait(key, owner, ttl, attempt, waitTime);
		}
		return new WriterWait(this, key, owner, ttl, attempt, waitTime);
	}

	/**
	 * A writer's wait: every attempt keeps its intent to write alive for the rest of the wait (at most one TTL, so
	 * that a writer that crashes while waiting holds readers back no longer than a crashed holder would), and closing
	 * withdraws it.
	 */
	private static final class WriterWait implements LockWait {

		private final ReadWriteHalf half;

		private final String key;

		private final String owner;

		private final @Nullable Duration ttl;

		private final long attempt;

		private final long deadline;

		private final ReleaseWatch releases;

		// The longest time awaitGrant was asked to wait: the wait's retry interval, as far as it has shown it.
		private long longestAwaitNanos;

		// Whether the last attempt may have left an intent to withdraw: true until an attempt is granted, and also
		// when an attempt failed (its outcome is unknown).
		private boolean intentLeft = true;

		WriterWait(ReadWriteHalf half, String key, String owner, @Nullable Duration ttl, long attempt,
				Duration waitTime) {
			this.half = half;
			this.key = key;
			this.owner = owner;
			this.ttl = ttl;
			this.attempt = attempt;
			long now = half.ticker().read();
			long wait = Math.min(waitTime.toNanos(), Long.MAX_VALUE / 4);
			this.deadline = now + wait;
			// Watched before the first attempt, so that a release between an attempt and the wait is not missed.
			this.releases = half.locks().watchReleases(key);
		}

		@Override
		public AcquireResult attempt() {
			long left = this.deadline - this.half.ticker().read();
			Duration queueFor = null;
			if (left > 0) {
				long cap = Math.max(MIN_INTENT.toNanos(), saturatedTimes3(this.longestAwaitNanos));
				if (this.ttl != null) {
					cap = Math.min(cap, this.ttl.toNanos());
				}
				queueFor = Duration.ofNanos(Math.min(left, cap));
			}
			AcquireResult result = this.half.acquire(this.key, this.owner, this.ttl, this.attempt, queueFor);
			// A granted write cleared the owner's intent in its own atomic step: nothing to withdraw when it closes.
			this.intentLeft = result instanceof AcquireResult.Unavailable;
			return result;
		}

		@Override
		public @Nullable Grant awaitGrant(Duration timeout) throws InterruptedException {
			this.longestAwaitNanos = Math.max(this.longestAwaitNanos, timeout.toNanos());
			this.releases.await(timeout);
			return null;
		}

		private static long saturatedTimes3(long nanos) {
			return (nanos > Long.MAX_VALUE / 3) ? Long.MAX_VALUE : nanos * 3;
		}

		@Override
		public void close() {
			this.releases.close();
			if (this.intentLeft) {
				// An interrupted waiter leaves too: with the flag set, a client would refuse the call, and the intent
				// would hold readers back until it ran out. The flag is set again after.
				boolean interrupted = Thread.interrupted();
				try {
					this.half.locks().leaveQueue(this.key, this.owner);
				}
				finally {
					if (interrupted) {
						Thread.currentThread().interrupt();
					}
				}
			}
		}

	}

}
