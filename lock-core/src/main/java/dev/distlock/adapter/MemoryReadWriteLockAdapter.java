package dev.distlock.adapter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.distlock.LockMode;
import dev.distlock.Ticker;
import org.jspecify.annotations.Nullable;

/**
 * Read-write locks in this JVM's memory: for tests, single-instance applications, and as the reference
 * {@link ReadWriteLockAdapter}, with its rules (writer preference through intents, no upgrade, downgrade allowed).
 * Thread-safe, every operation on a key atomic, no background thread; a released hold wakes every waiter of the key.
 * TTLs run on a monotonic {@link Ticker}.
 *
 * @since 0.1.0
 */
public final class MemoryReadWriteLockAdapter implements ReadWriteLockAdapter {

	private final MemoryLeases leases;

	/** Creates an adapter on the system ticker. */
	public MemoryReadWriteLockAdapter() {
		this(Ticker.system());
	}

	/**
	 * Creates an adapter that measures TTLs with {@code ticker}.
	 * @param ticker the ticker, one moved by hand in tests
	 */
	public MemoryReadWriteLockAdapter(Ticker ticker) {
		this.leases = new MemoryLeases(Objects.requireNonNull(ticker, "ticker"), true);
	}

	@Override
	public AcquireResult acquire(String key, LockMode mode, String owner, @Nullable Duration ttl, long attempt,
			@Nullable Duration queueFor) {
		return this.leases.change(key, (holds) -> (mode == LockMode.READ) ? read(holds, owner, ttl, attempt)
				: write(holds, owner, ttl, attempt, queueFor));
	}

	private static AcquireResult read(MemoryLeases.Leases holds, String owner, @Nullable Duration ttl, long attempt) {
		MemoryLeases.Lease own = holds.get(kind(LockMode.READ), owner);
		if (own != null) {
			return holds.adopt(kind(LockMode.READ), own);
		}
		MemoryLeases.Lease writer = writer(holds);
		boolean writesItself = writer != null && writer.owner().equals(owner);
		if (writer != null && !writesItself) {
			return new AcquireResult.Unavailable(writer.remainingAt(holds.now));
		}
		if (!writesItself && holds.hasIntentOtherThan(owner)) {
			return new AcquireResult.Unavailable(null);
		}
		return new AcquireResult.Acquired(holds.grant(kind(LockMode.READ), owner, ttl, attempt).token());
	}

	private static AcquireResult write(MemoryLeases.Leases holds, String owner, @Nullable Duration ttl, long attempt,
			@Nullable Duration queueFor) {
		MemoryLeases.Lease writer = writer(holds);
		if (writer != null && writer.owner().equals(owner)) {
			holds.withdraw(owner);
			return holds.adopt(kind(LockMode.WRITE), writer);
		}
		if (holds.get(kind(LockMode.READ), owner) != null) {
			throw new UpgradeRefusedException();
		}
		List<MemoryLeases.Lease> blockers = new ArrayList<>(holds.all(kind(LockMode.READ)));
		if (writer != null) {
			blockers.add(writer);
		}
		if (!blockers.isEmpty()) {
			if (queueFor != null) {
				holds.intend(owner, queueFor);
			}
			return new AcquireResult.Unavailable(latestEnd(blockers, holds.now));
		}
		holds.withdraw(owner);
		return new AcquireResult.Acquired(holds.grant(kind(LockMode.WRITE), owner, ttl, attempt).token());
	}

	@Override
	public void leaveQueue(String key, String owner) {
		this.leases.change(key, (holds) -> {
			holds.withdraw(owner);
			return null;
		});
	}

	@Override
	public boolean undoAcquire(String key, LockMode mode, String owner, long attempt) {
		return this.leases.change(key, (holds) -> holds.undo(kind(mode), owner, attempt));
	}

	@Override
	public UpdateResult release(String key, LockMode mode, String owner, long token) {
		return this.leases.change(key, (holds) -> holds.release(kind(mode), owner, token));
	}

	@Override
	public UpdateResult releaseAfter(String key, LockMode mode, String owner, long token, Duration remaining) {
		return this.leases.change(key, (holds) -> holds.expireAfter(kind(mode), owner, token, remaining, true));
	}

	@Override
	public UpdateResult refresh(String key, LockMode mode, String owner, long token, Duration ttl) {
		return this.leases.change(key, (holds) -> holds.expireAfter(kind(mode), owner, token, ttl, false));
	}

	@Override
	public int forceReleaseAll(String key) {
		return this.leases.change(key, MemoryLeases.Leases::removeAll);
	}

	@Override
	public ReadWriteHolders holders(String key) {
		return this.leases.change(key, (holds) -> {
			List<LockHolder> readers = new ArrayList<>();
			for (MemoryLeases.Lease reader : holds.all(kind(LockMode.READ))) {
				readers.add(reader.holderAt(holds.now));
			}
			MemoryLeases.Lease writer = writer(holds);
			return new ReadWriteHolders(readers, (writer != null) ? writer.holderAt(holds.now) : null,
					holds.intents());
		});
	}

	@Override
	public ReleaseWatch watchReleases(String key) {
		return this.leases.watch(key);
	}

	/**
	 * Counts the keys held in memory; exposed to prove that released and expired holds do not accumulate.
	 * @return the number of stored keys
	 */
	public int storedKeys() {
		return this.leases.storedKeys();
	}

	private static MemoryLeases.@Nullable Lease writer(MemoryLeases.Leases holds) {
		List<MemoryLeases.Lease> writers = holds.all(kind(LockMode.WRITE));
		return writers.isEmpty() ? null : writers.get(0);
	}

	// A refused writer waits for every blocker: it retries no later than when the last of them ends, if all expire.
	private static @Nullable Duration latestEnd(List<MemoryLeases.Lease> leases, long now) {
		Duration latest = Duration.ZERO;
		for (MemoryLeases.Lease lease : leases) {
			Duration remaining = lease.remainingAt(now);
			if (remaining == null) {
				return null;
			}
			if (remaining.compareTo(latest) > 0) {
				latest = remaining;
			}
		}
		return latest;
	}

	private static String kind(LockMode mode) {
		return (mode == LockMode.READ) ? "read" : "write";
	}

}
