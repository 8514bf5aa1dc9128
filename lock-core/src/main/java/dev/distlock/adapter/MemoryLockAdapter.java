package dev.distlock.adapter;

import java.time.Duration;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import dev.distlock.Ticker;

/**
 * Locks in this JVM's memory: for tests, for single-instance applications, and as the reference adapter.
 *
 * <p>Thread-safe; every operation on a key is atomic. There is no background thread: expired entries are purged
 * by the operations that follow, in expiry order, so short-lived locks never pile up. Blocked waiters are woken on
 * release. Locks are local to this JVM: two application instances each have their own.
 *
 * <p>TTLs run on a monotonic {@link Ticker}, so a step of the wall clock never expires a lock early or late. Fencing
 * tokens come from one counter for the whole adapter: strictly increasing for every key, across releases and
 * expiries, without keeping anything per key once its lock is gone.
 *
 * @since 0.1.0
 */
public final class MemoryLockAdapter implements LockAdapter {

	// Live-until times are ticker readings, compared by difference so that the ticker may wrap, as nanoTime may.
	private static final Comparator<Entry> EXPIRY_ORDER = Comparator
		.comparing(Entry::expiresAt, (a, b) -> Long.signum(a - b))
		.thenComparingLong(Entry::sequence);

	private final Ticker ticker;

	private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

	// Expiring entries, soonest first; a replaced entry may linger here until its time comes, then is skipped.
	private final ConcurrentSkipListSet<Entry> expiryQueue = new ConcurrentSkipListSet<>(EXPIRY_ORDER);

	private final AtomicLong sequence = new AtomicLong();

	private final AtomicLong tokens = new AtomicLong();

	private final ReleaseSignals releaseSignals = new ReleaseSignals();

	/** Creates an adapter on the system ticker. */
	public MemoryLockAdapter() {
		this(Ticker.system());
	}

	/**
	 * Creates an adapter that measures TTLs with {@code ticker}.
	 * @param ticker the ticker, one moved by hand in tests
	 */
	public MemoryLockAdapter(Ticker ticker) {
		this.ticker = Objects.requireNonNull(ticker, "ticker");
	}

	@Override
	public AcquireResult acquire(String key, String owner, @Nullable Duration ttl, long attempt) {
		long now = purgeExpired();
		AcquireResult[] result = new AcquireResult[1];
		Entry[] created = new Entry[1];
		Entry[] adopted = new Entry[2];
		this.entries.compute(key, (k, current) -> {
			if (current != null && current.isLiveAt(now)) {
				if (!current.owner().equals(owner)) {
					result[0] = new AcquireResult.Unavailable(current.remainingAt(now));
					return current;
				}
				result[0] = new AcquireResult.AlreadyHeld(current.token(), current.remainingAt(now));
				if (current.attempt() == 0) {
					return current;
				}
				// Whoever finds its own hold adopts it: the attempt that created it may no longer undo it.
				adopted[0] = current;
				adopted[1] = new Entry(key, owner, current.token(), 0, current.expires(), current.expiresAt(),
						current.sequence());
				return adopted[1];
			}
			created[0] = new Entry(key, owner, this.tokens.incrementAndGet(), attempt, ttl != null,
					(ttl != null) ? now + ttl.toNanos() : 0, this.sequence.incrementAndGet());
			result[0] = new AcquireResult.Acquired(created[0].token());
			return created[0];
		});
		if (created[0] != null) {
			enqueue(created[0]);
		}
		if (adopted[1] != null && adopted[1].expires()) {
			this.expiryQueue.remove(adopted[0]);
			enqueue(adopted[1]);
		}
		return result[0];
	}

	@Override
	public boolean undoAcquire(String key, String owner, long attempt) {
		long now = purgeExpired();
		Entry[] removed = new Entry[1];
		this.entries.computeIfPresent(key, (k, current) -> {
			if (!current.isLiveAt(now) || !current.owner().equals(owner) || current.attempt() != attempt) {
				return current;
			}
			removed[0] = current;
			return null;
		});
		return released(removed[0]);
	}

	@Override
	public UpdateResult release(String key, String owner, long token) {
		long now = purgeExpired();
		UpdateResult[] result = { UpdateResult.NOT_HELD };
		Entry[] removed = new Entry[1];
		this.entries.computeIfPresent(key, (k, current) -> {
			if (!current.isLiveAt(now)) {
				return null;
			}
			if (!current.isHeldBy(owner, token)) {
				result[0] = UpdateResult.HELD_BY_OTHER;
				return current;
			}
			result[0] = UpdateResult.UPDATED;
			removed[0] = current;
			return null;
		});
		released(removed[0]);
		return result[0];
	}

	@Override
	public UpdateResult releaseAfter(String key, String owner, long token, Duration remaining) {
		long now = purgeExpired();
		UpdateResult[] result = { UpdateResult.NOT_HELD };
		Entry[] replaced = new Entry[2];
		this.entries.computeIfPresent(key, (k, current) -> {
			if (!current.isLiveAt(now)) {
				return current;
			}
			if (!current.isHeldBy(owner, token)) {
				result[0] = UpdateResult.HELD_BY_OTHER;
				return current;
			}
			result[0] = UpdateResult.UPDATED;
			replaced[0] = current;
			// Expiring from now on, whether it expired before or not: that is the whole point of a release later.
			replaced[1] = new Entry(key, owner, current.token(), current.attempt(), true, now + remaining.toNanos(),
					this.sequence.incrementAndGet());
			return replaced[1];
		});
		if (replaced[1] != null) {
			if (replaced[0].expires()) {
				this.expiryQueue.remove(replaced[0]);
			}
			enqueue(replaced[1]);
		}
		return result[0];
	}

	@Override
	public boolean forceRelease(String key) {
		long now = purgeExpired();
		Entry removed = this.entries.remove(key);
		return released((removed != null && removed.isLiveAt(now)) ? removed : null);
	}

	@Override
	public UpdateResult refresh(String key, String owner, long token, Duration ttl) {
		long now = purgeExpired();
		UpdateResult[] result = { UpdateResult.NOT_HELD };
		Entry[] replaced = new Entry[2];
		this.entries.computeIfPresent(key, (k, current) -> {
			if (!current.isLiveAt(now)) {
				return current;
			}
			if (!current.isHeldBy(owner, token)) {
				result[0] = UpdateResult.HELD_BY_OTHER;
				return current;
			}
			if (!current.expires()) {
				result[0] = UpdateResult.NEVER_EXPIRES;
				return current;
			}
			result[0] = UpdateResult.UPDATED;
			replaced[0] = current;
			replaced[1] = new Entry(key, owner, current.token(), current.attempt(), true, now + ttl.toNanos(),
					this.sequence.incrementAndGet());
			return replaced[1];
		});
		if (replaced[1] != null) {
			this.expiryQueue.remove(replaced[0]);
			enqueue(replaced[1]);
		}
		return result[0];
	}

	@Override
	public Optional<LockHolder> state(String key) {
		long now = this.ticker.read();
		Entry entry = this.entries.get(key);
		if (entry == null || !entry.isLiveAt(now)) {
			return Optional.empty();
		}
		return Optional.of(new LockHolder(entry.owner(), entry.token(), entry.remainingAt(now)));
	}

	@Override
	public ReleaseWatch watchReleases(String key) {
		return this.releaseSignals.watch(key);
	}

	/**
	 * Counts the entries held in memory, live or expired but not yet purged; exposed to prove that expired locks do
	 * not accumulate.
	 * @return the number of stored entries
	 */
	public int storedEntries() {
		return this.entries.size();
	}

	private boolean released(@Nullable Entry entry) {
		if (entry == null) {
			return false;
		}
		if (entry.expires()) {
			this.expiryQueue.remove(entry);
		}
		this.releaseSignals.signal(entry.key());
		return true;
	}

	private void enqueue(Entry entry) {
		if (entry.expires()) {
			this.expiryQueue.add(entry);
		}
	}

	// Each entry is purged once, so the cost is amortised O(log n) per operation.
	private long purgeExpired() {
		long now = this.ticker.read();
		Iterator<Entry> soonestFirst = this.expiryQueue.iterator();
		while (soonestFirst.hasNext()) {
			Entry entry = soonestFirst.next();
			if (entry.isLiveAt(now)) {
				break;
			}
			if (this.expiryQueue.remove(entry)) {
				this.entries.remove(entry.key(), entry);
			}
		}
		return now;
	}

	private record Entry(String key, String owner, long token, long attempt, boolean expires, long expiresAt,
			long sequence) {

		boolean isLiveAt(long now) {
			return !this.expires || this.expiresAt - now > 0;
		}

		boolean isHeldBy(String owner, long token) {
			return this.owner.equals(owner) && (token == ANY_TOKEN || token == this.token);
		}

		@Nullable Duration remainingAt(long now) {
			return this.expires ? Duration.ofNanos(this.expiresAt - now) : null;
		}

	}

}
