package dev.distlock.adapter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import dev.distlock.Ticker;
import org.jspecify.annotations.Nullable;

/**
 * Semaphores in this JVM's memory: for tests, single-instance applications, and as the reference
 * {@link SemaphoreAdapter}. Thread-safe, every operation on a key atomic, no background thread; a freed slot wakes
 * one waiter. TTLs run on a monotonic {@link Ticker}.
 *
 * @since 0.1.0
 */
public final class MemorySemaphoreAdapter implements SemaphoreAdapter {

	private static final String SLOT = "slot";

	private final MemoryLeases leases;

	/** Creates an adapter on the system ticker. */
	public MemorySemaphoreAdapter() {
		this(Ticker.system());
	}

	/**
	 * Creates an adapter that measures TTLs with {@code ticker}.
	 * @param ticker the ticker, one moved by hand in tests
	 */
	public MemorySemaphoreAdapter(Ticker ticker) {
		this.leases = new MemoryLeases(Objects.requireNonNull(ticker, "ticker"), false);
	}

	@Override
	public AcquireResult acquire(String key, int limit, String owner, @Nullable Duration ttl, long attempt) {
		return this.leases.change(key, (slots) -> {
			int taken = slots.count(SLOT);
			if (taken > 0 && slots.limit != limit) {
				throw new LimitMismatchException(slots.limit);
			}
			MemoryLeases.Lease own = slots.get(SLOT, owner);
			if (own != null) {
				return slots.adopt(SLOT, own);
			}
			if (taken >= limit) {
				return new AcquireResult.Unavailable(soonestEnd(slots.all(SLOT), slots.now));
			}
			slots.limit = limit;
			return new AcquireResult.Acquired(slots.grant(SLOT, owner, ttl, attempt).token());
		});
	}

	@Override
	public boolean undoAcquire(String key, String owner, long attempt) {
		return this.leases.change(key, (slots) -> slots.undo(SLOT, owner, attempt));
	}

	@Override
	public UpdateResult release(String key, String owner, long token) {
		return this.leases.change(key, (slots) -> slots.release(SLOT, owner, token));
	}

	@Override
	public UpdateResult releaseAfter(String key, String owner, long token, Duration remaining) {
		return this.leases.change(key, (slots) -> slots.expireAfter(SLOT, owner, token, remaining, true));
	}

	@Override
	public UpdateResult refresh(String key, String owner, long token, Duration ttl) {
		return this.leases.change(key, (slots) -> slots.expireAfter(SLOT, owner, token, ttl, false));
	}

	@Override
	public int forceReleaseAll(String key) {
		return this.leases.change(key, MemoryLeases.Leases::removeAll);
	}

	@Override
	public SemaphoreHolders holders(String key) {
		return this.leases.change(key, (slots) -> {
			List<LockHolder> holders = new ArrayList<>();
			for (MemoryLeases.Lease slot : slots.all(SLOT)) {
				holders.add(slot.holderAt(slots.now));
			}
			return new SemaphoreHolders(holders.isEmpty() ? 0 : slots.limit, holders);
		});
	}

	@Override
	public ReleaseWatch watchReleases(String key) {
		return this.leases.watch(key);
	}

	/**
	 * Counts the keys held in memory; exposed to prove that freed and expired slots do not accumulate.
	 * @return the number of stored keys
	 */
	public int storedKeys() {
		return this.leases.storedKeys();
	}

	// A waiter retries no later than when the soonest slot ends; a slot without expiry gives no such time.
	static @Nullable Duration soonestEnd(List<MemoryLeases.Lease> leases, long now) {
		Duration soonest = null;
		for (MemoryLeases.Lease lease : leases) {
			Duration remaining = lease.remainingAt(now);
			if (remaining != null && (soonest == null || remaining.compareTo(soonest) < 0)) {
				soonest = remaining;
			}
		}
		return soonest;
	}

}
