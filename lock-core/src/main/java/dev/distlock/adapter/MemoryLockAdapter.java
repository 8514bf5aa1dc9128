package dev.distlock.adapter;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * Locks in this JVM's memory: for tests, for single-instance applications, and as the reference adapter.
 *
 * <p>Thread-safe; every operation on a key is atomic. There is no background thread: expired entries are purged
 * by the operations that follow, in expiry order, so short-lived locks never pile up. Blocked waiters are woken on
 * release. Locks are local to this JVM: two application instances each have their own.
 */
public final class MemoryLockAdapter implements LockAdapter {

	private static final Comparator<Entry> EXPIRY_ORDER = Comparator
		.comparing((Entry entry) -> Objects.requireNonNull(entry.expiresAt()))
		.thenComparingLong(Entry::sequence);

	private final Clock clock;

	private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

	// Expiring entries, soonest first; a replaced entry may linger here until its time comes, then is skipped.
	private final ConcurrentSkipListSet<Entry> expiryQueue = new ConcurrentSkipListSet<>(EXPIRY_ORDER);

	private final AtomicLong sequence = new AtomicLong();

	private final ReleaseSignals releaseSignals = new ReleaseSignals();

	/** Creates an adapter on the system clock. */
	public MemoryLockAdapter() {
		this(Clock.systemUTC());
	}

	/**
	 * Creates an adapter that measures TTLs with {@code clock}.
	 * @param clock the clock, a fixed or movable one in tests
	 */
	public MemoryLockAdapter(Clock clock) {
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public boolean acquire(String key, String owner, @Nullable Duration ttl) {
		Instant now = purgeExpired();
		Entry candidate = new Entry(key, owner, (ttl != null) ? now.plus(ttl) : null, this.sequence.incrementAndGet());
		Entry winner = this.entries.compute(key,
				(k, current) -> (current != null && current.isLiveAt(now)) ? current : candidate);
		if (winner == candidate) {
			enqueue(candidate);
			return true;
		}
		return winner.owner().equals(owner);
	}

	@Override
	public boolean release(String key, String owner) {
		Instant now = purgeExpired();
		Entry[] released = new Entry[1];
		this.entries.computeIfPresent(key, (k, current) -> {
			if (current.isLiveAt(now) && !current.owner().equals(owner)) {
				return current;
			}
			released[0] = current.isLiveAt(now) ? current : null;
			return null;
		});
		return released(released[0]);
	}

	@Override
	public boolean forceRelease(String key) {
		Instant now = purgeExpired();
		Entry removed = this.entries.remove(key);
		return released((removed != null && removed.isLiveAt(now)) ? removed : null);
	}

	@Override
	public boolean refresh(String key, String owner, Duration ttl) {
		Instant now = purgeExpired();
		Entry[] replaced = new Entry[2];
		this.entries.computeIfPresent(key, (k, current) -> {
			if (!current.isLiveAt(now) || !current.owner().equals(owner) || current.expiresAt() == null) {
				return current;
			}
			replaced[0] = current;
			replaced[1] = new Entry(key, owner, now.plus(ttl), this.sequence.incrementAndGet());
			return replaced[1];
		});
		if (replaced[1] == null) {
			return false;
		}
		this.expiryQueue.remove(replaced[0]);
		enqueue(replaced[1]);
		return true;
	}

	@Override
	public Optional<LockHolder> state(String key) {
		Instant now = this.clock.instant();
		Entry entry = this.entries.get(key);
		if (entry == null || !entry.isLiveAt(now)) {
			return Optional.empty();
		}
		Instant expiresAt = entry.expiresAt();
		return Optional.of(new LockHolder(entry.owner(), (expiresAt != null) ? Duration.between(now, expiresAt) : null));
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
		if (entry.expiresAt() != null) {
			this.expiryQueue.remove(entry);
		}
		this.releaseSignals.signal(entry.key());
		return true;
	}

	private void enqueue(Entry entry) {
		if (entry.expiresAt() != null) {
			this.expiryQueue.add(entry);
		}
	}

	// Each entry is purged once, so the cost is amortised O(log n) per operation.
	private Instant purgeExpired() {
		Instant now = this.clock.instant();
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

	private record Entry(String key, String owner, @Nullable Instant expiresAt, long sequence) {

		boolean isLiveAt(Instant now) {
			return this.expiresAt == null || now.isBefore(this.expiresAt);
		}

	}

}
