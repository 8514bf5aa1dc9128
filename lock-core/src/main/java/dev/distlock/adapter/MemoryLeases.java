package dev.distlock.adapter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import dev.distlock.Ticker;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory store behind {@link MemorySemaphoreAdapter} and {@link MemoryReadWriteLockAdapter}: per key, leases
 * by (owner, kind), the recorded semaphore limit and the intents to write, each changed under the key's own
 * {@code compute}, so that every operation on a key is atomic. Like {@link MemoryLockAdapter}: a monotonic ticker,
 * one token counter, no background thread (expired leases are purged by the operations that follow, soonest first).
 */
final class MemoryLeases {

	private static final Comparator<Due> DUE_ORDER = Comparator
		.comparing(Due::at, (a, b) -> Long.signum(a - b))
		.thenComparingLong(Due::sequence);

	private final Ticker ticker;

	private final ConcurrentHashMap<String, Leases> byKey = new ConcurrentHashMap<>();

	private final ConcurrentSkipListSet<Due> dueQueue = new ConcurrentSkipListSet<>(DUE_ORDER);

	private final AtomicLong sequence = new AtomicLong();

	private final AtomicLong tokens = new AtomicLong();

	private final ReleaseSignals releaseSignals = new ReleaseSignals();

	// A freed slot lets in one waiter; a freed read or write hold may let in several (all readers), so wake them all.
	private final boolean wakeEveryWaiter;

	MemoryLeases(Ticker ticker, boolean wakeEveryWaiter) {
		this.ticker = ticker;
		this.wakeEveryWaiter = wakeEveryWaiter;
	}

	/**
	 * Runs {@code change} on {@code key}'s leases, purged of what expired, atomically with every other change of the
	 * key; a key left without leases and intents is dropped.
	 */
	<R> R change(String key, Function<Leases, R> change) {
		long now = purgeDue();
		Object[] result = new Object[1];
		RuntimeException[] failure = new RuntimeException[1];
		int[] freed = new int[1];
		this.byKey.compute(key, (k, current) -> {
			Leases leases = (current != null) ? current : new Leases(now);
			leases.now = now;
			leases.purge();
			try {
				result[0] = change.apply(leases);
			}
			catch (RuntimeException ex) {
				failure[0] = ex;
			}
			leases.enqueueNewExpiries(k);
			freed[0] = leases.takeFreed();
			return leases.isEmpty() ? null : leases;
		});
		signal(key, freed[0]);
		if (failure[0] != null) {
			throw failure[0];
		}
		@SuppressWarnings("unchecked")
		R value = (R) result[0];
		return value;
	}

	ReleaseWatch watch(String key) {
		return this.releaseSignals.watch(key);
	}

	private void signal(String key, int freed) {
		if (freed == 0) {
			return;
		}
		if (this.wakeEveryWaiter) {
			this.releaseSignals.signalEvery(key);
			return;
		}
		for (int i = 0; i < freed; i++) {
			this.releaseSignals.signal(key);
		}
	}

	int storedKeys() {
		return this.byKey.size();
	}

	// Each due entry is taken once, so the cost is amortised O(log n) per operation.
	private long purgeDue() {
		long now = this.ticker.read();
		Iterator<Due> soonestFirst = this.dueQueue.iterator();
		while (soonestFirst.hasNext()) {
			Due due = soonestFirst.next();
			if (due.at() - now > 0) {
				break;
			}
			if (this.dueQueue.remove(due)) {
				int[] freed = new int[1];
				this.byKey.computeIfPresent(due.key(), (k, leases) -> {
					leases.now = now;
					leases.purge();
					leases.enqueueNewExpiries(k);
					freed[0] = leases.takeFreed();
					return leases.isEmpty() ? null : leases;
				});
				signal(due.key(), freed[0]);
			}
		}
		return now;
	}

	/** A point in ticker time when something of {@code key} expires. */
	private record Due(long at, long sequence, String key) {
	}

	/** One lease: a slot, a read or a write hold; times are ticker readings, compared by difference. */
	record Lease(String owner, long token, long attempt, boolean expires, long expiresAt) {

		boolean isLiveAt(long now) {
			return !this.expires || this.expiresAt - now > 0;
		}

		@Nullable Duration remainingAt(long now) {
			return this.expires ? Duration.ofNanos(this.expiresAt - now) : null;
		}

		LockHolder holderAt(long now) {
			return new LockHolder(this.owner, this.token, remainingAt(now));
		}

		boolean hasToken(long token) {
			return token == LockAdapter.ANY_TOKEN || token == this.token;
		}

	}

	/** The leases of one key; only ever used inside the key's {@code compute}. */
	final class Leases {

		// Reset to the operation's reading before every use.
		long now;

		// kind ("slot", "read", "write") → owner → lease, insertion-ordered.
		private final Map<String, Map<String, Lease>> byKind = new HashMap<>();

		private final Map<String, Long> intents = new HashMap<>();

		private final List<Long> newExpiries = new ArrayList<>();

		int limit;

		// Leases removed (or intents gone) since the key's waiters were last told.
		private int freed;

		// Whether a due entry for this key's intents is queued, and when it falls due.
		private boolean intentDueQueued;

		private long intentDueAt;

		Leases(long now) {
			this.now = now;
		}

		@Nullable Lease get(String kind, String owner) {
			Map<String, Lease> owners = this.byKind.get(kind);
			return (owners != null) ? owners.get(owner) : null;
		}

		List<Lease> all(String kind) {
			Map<String, Lease> owners = this.byKind.get(kind);
			return (owners != null) ? List.copyOf(owners.values()) : List.of();
		}

		int count(String kind) {
			Map<String, Lease> owners = this.byKind.get(kind);
			return (owners != null) ? owners.size() : 0;
		}

		int countAll() {
			int count = 0;
			for (Map<String, Lease> owners : this.byKind.values()) {
				count += owners.size();
			}
			return count;
		}

		Lease grant(String kind, String owner, @Nullable Duration ttl, long attempt) {
			Lease lease = new Lease(owner, MemoryLeases.this.tokens.incrementAndGet(), attempt, ttl != null,
					(ttl != null) ? this.now + ttl.toNanos() : 0);
			put(kind, lease);
			return lease;
		}

		void put(String kind, Lease lease) {
			this.byKind.computeIfAbsent(kind, (k) -> new java.util.LinkedHashMap<>()).put(lease.owner(), lease);
			if (lease.expires()) {
				this.newExpiries.add(lease.expiresAt());
			}
		}

		void remove(String kind, String owner) {
			Map<String, Lease> owners = this.byKind.get(kind);
			if (owners != null && owners.remove(owner) != null) {
				this.freed++;
				if (owners.isEmpty()) {
					this.byKind.remove(kind);
				}
			}
		}

		int removeAll() {
			int count = countAll();
			this.byKind.clear();
			this.intents.clear();
			this.limit = 0;
			this.freed += count;
			return count;
		}

		/** Adopts the lease: the attempt that created it may no longer undo it. */
		AcquireResult adopt(String kind, Lease lease) {
			if (lease.attempt() != 0) {
				put(kind, new Lease(lease.owner(), lease.token(), 0, lease.expires(), lease.expiresAt()));
			}
			return new AcquireResult.AlreadyHeld(lease.token(), lease.remainingAt(this.now));
		}

		UpdateResult release(String kind, String owner, long token) {
			Lease lease = get(kind, owner);
			if (lease == null) {
				return UpdateResult.NOT_HELD;
			}
			if (!lease.hasToken(token)) {
				return UpdateResult.HELD_BY_OTHER;
			}
			remove(kind, owner);
			return UpdateResult.UPDATED;
		}

		boolean undo(String kind, String owner, long attempt) {
			Lease lease = get(kind, owner);
			if (lease == null || lease.attempt() != attempt) {
				return false;
			}
			remove(kind, owner);
			return true;
		}

		UpdateResult expireAfter(String kind, String owner, long token, Duration ttl, boolean alsoNeverExpiring) {
			Lease lease = get(kind, owner);
			if (lease == null) {
				return UpdateResult.NOT_HELD;
			}
			if (!lease.hasToken(token)) {
				return UpdateResult.HELD_BY_OTHER;
			}
			if (!lease.expires() && !alsoNeverExpiring) {
				return UpdateResult.NEVER_EXPIRES;
			}
			put(kind, new Lease(owner, lease.token(), lease.attempt(), true, this.now + ttl.toNanos()));
			return UpdateResult.UPDATED;
		}

		void intend(String owner, Duration queueFor) {
			long until = this.now + queueFor.toNanos();
			this.intents.put(owner, until);
			// One queued entry for a key's intents at a time: a waiting writer renews its intent at every attempt, and
			// an entry each time would pile up for as long as it waits. purge queues the next one.
			if (!this.intentDueQueued) {
				this.newExpiries.add(until);
				this.intentDueQueued = true;
				this.intentDueAt = until;
			}
		}

		void withdraw(String owner) {
			if (this.intents.remove(owner) != null) {
				// Readers it held back may go in now: wake them as a release would.
				this.freed++;
			}
		}

		boolean hasIntentOtherThan(String owner) {
			for (String intending : this.intents.keySet()) {
				if (!intending.equals(owner)) {
					return true;
				}
			}
			return false;
		}

		int intents() {
			return this.intents.size();
		}

		/** Drops what expired. */
		void purge() {
			for (Iterator<Map<String, Lease>> kinds = this.byKind.values().iterator(); kinds.hasNext();) {
				Map<String, Lease> owners = kinds.next();
				for (Iterator<Lease> leases = owners.values().iterator(); leases.hasNext();) {
					if (!leases.next().isLiveAt(this.now)) {
						leases.remove();
						this.freed++;
					}
				}
				if (owners.isEmpty()) {
					kinds.remove();
				}
			}
			if (this.intents.values().removeIf((until) -> until - this.now <= 0)) {
				this.freed++;
			}
			if (this.intentDueQueued && this.intentDueAt - this.now <= 0) {
				this.intentDueQueued = false;
			}
			if (!this.intentDueQueued && !this.intents.isEmpty()) {
				long soonest = Long.MAX_VALUE;
				for (long until : this.intents.values()) {
					soonest = (soonest == Long.MAX_VALUE || until - soonest < 0) ? until : soonest;
				}
				this.newExpiries.add(soonest);
				this.intentDueQueued = true;
				this.intentDueAt = soonest;
			}
			if (this.byKind.isEmpty()) {
				this.limit = 0;
			}
		}

		int takeFreed() {
			int count = this.freed;
			this.freed = 0;
			return count;
		}

		boolean isEmpty() {
			return this.byKind.isEmpty() && this.intents.isEmpty();
		}

		private void enqueueNewExpiries(String key) {
			for (long at : this.newExpiries) {
				MemoryLeases.this.dueQueue.add(new Due(at, MemoryLeases.this.sequence.incrementAndGet(), key));
			}
			this.newExpiries.clear();
		}

	}

}
