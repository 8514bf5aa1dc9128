package dev.distlock.spring.observation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;
import dev.distlock.LockState;
import dev.distlock.RemainingTime;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockEventListener;
import dev.distlock.event.LockForceReleasedEvent;
import dev.distlock.event.LockLostEvent;
import dev.distlock.event.LockRefreshedEvent;
import dev.distlock.event.LockReleasedEvent;

/**
 * The locks this instance holds now, of one provider, as its lock events tell and its backend confirms: register it
 * as a listener on the provider. Thread-safe, no background thread, bounded.
 *
 * <p>A lock acquired here is added; released or force released (by anyone whose events reach this provider) it is
 * removed; found lost it is removed too; refreshed it gets a new expiry; renewed in the background it has none (the
 * renewal finds it lost if it is freed elsewhere).
 *
 * <p>What the events cannot tell is checked:
 * <ul>
 * <li><b>Expiry.</b> A lock whose TTL has passed by this JVM's clock is no longer counted. Such entries are pruned on
 * the way: by every read, and while locks are added, amortized (a sweep when the view has doubled since the last
 * one, and only once an entry can have expired), so that expired locks nobody reads cost no memory for long. The
 * backend's clock decides real expiry, so near the end of a TTL the two may differ briefly.</li>
 * <li><b>Releases elsewhere.</b> A lock handed to another process (a {@link LockHandle}) and released there fires no
 * event here. So reads confirm entries against the backend, reading the key's state as its owner: an entry is
 * checked when it was last confirmed (or acquired) {@link #RECHECK_AFTER} ago or more, unless it is renewed or
 * expires before it would be due again. A key that its owner no longer holds is dropped; one it holds gets the
 * backend's remaining time. {@link #list()} and {@link #get(String)} check every entry due, {@link #count()} (the
 * gauge, read by every scrape) at most {@value #CHECKS_PER_COUNT} per call. Each check is one state read, observed like
 * any other. A check that fails (the backend is down) keeps the entry, ends the round and pauses the checks for
 * {@link #RECHECK_AFTER}: unknown is not released, and a read does not wait on a dead backend every time.</li>
 * <li><b>Size.</b> At most {@code maxSize} locks are tracked. An acquire beyond that is not recorded and is counted
 * instead ({@link #overflowCount()}, the {@code distlock.locks.held.overflow} meter): the view then shows fewer locks
 * than are held, never unbounded memory.</li>
 * </ul>
 *
 * @since 0.1.0
 */
public final class HeldLocks implements LockEventListener<LockEvent> {

	/** How many locks are tracked at most unless told otherwise. */
	public static final int DEFAULT_MAX_SIZE = 10_000;

	/** How long an entry is trusted before a read confirms it against the backend again. */
	public static final Duration RECHECK_AFTER = Duration.ofSeconds(10);

	/** How many entries one {@link #count()} confirms against the backend at most. */
	public static final int CHECKS_PER_COUNT = 16;

	// Below this size sweeping is not worth it: a few expired entries cost nothing.
	private static final int MIN_SWEEP_SIZE = 64;

	private static final Logger logger = LoggerFactory.getLogger(HeldLocks.class);

	private final LockProvider provider;

	private final String instanceId;

	private final Clock clock;

	private final int maxSize;

	private final Map<String, Entry> locks = new ConcurrentHashMap<>();

	// The number of entries, kept with every insert and removal so that maxSize is exact under concurrency.
	private final AtomicInteger size = new AtomicInteger();

	private final AtomicLong overflow = new AtomicLong();

	// Epoch milliseconds no later than the earliest expiry of any entry: before it, there is nothing to prune.
	private final AtomicLong earliestExpiry = new AtomicLong(Long.MAX_VALUE);

	private final AtomicBoolean sweeping = new AtomicBoolean();

	private volatile int sweepAtSize = MIN_SWEEP_SIZE;

	// After a check the backend did not answer, none until then: a scrape must not wait on a dead backend each time.
	private volatile Instant checksPausedUntil = Instant.MIN;

	private final List<ReleaseListener> releaseListeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates an empty registry of at most {@value #DEFAULT_MAX_SIZE} locks.
	 * @param provider the provider whose events it hears: only acquires of its
	 * {@linkplain LockProvider#getInstanceId() instance} are added, and entries are confirmed in its backend
	 * @param clock the clock that times acquires, expiry and hold times
	 */
	public HeldLocks(LockProvider provider, Clock clock) {
		this(provider, clock, DEFAULT_MAX_SIZE);
	}

	/**
	 * Creates an empty registry.
	 * @param provider the provider whose events it hears: only acquires of its
	 * {@linkplain LockProvider#getInstanceId() instance} are added, and entries are confirmed in its backend
	 * @param clock the clock that times acquires, expiry and hold times
	 * @param maxSize how many locks are tracked at most; acquires beyond are counted, not recorded
	 * @throws IllegalArgumentException if {@code maxSize} is not positive
	 */
	public HeldLocks(LockProvider provider, Clock clock, int maxSize) {
		if (maxSize <= 0) {
			throw new IllegalArgumentException("maxSize must be positive, was " + maxSize);
		}
		this.provider = provider;
		this.instanceId = provider.getInstanceId();
		this.clock = clock;
		this.maxSize = maxSize;
	}

	/**
	 * Receives what happens when a held lock is released by its owner.
	 */
	@FunctionalInterface
	public interface ReleaseListener {

		/**
		 * Called after a held lock was released.
		 * @param lock the lock as it was held
		 * @param heldFor how long it was held, from acquire to release
		 */
		void released(HeldLock lock, Duration heldFor);

	}

	/**
	 * Adds a listener told of every release of a lock held here, for example to time how long locks are held.
	 * @param listener the listener
	 */
	public void addReleaseListener(ReleaseListener listener) {
		this.releaseListeners.add(listener);
	}

	@Override
	public void onEvent(LockEvent event) {
		Lock lock = event.lock();
		if (event instanceof LockAcquiredEvent) {
			if (this.instanceId.equals(event.origin())) {
				acquired(lock);
			}
		}
		else if (event instanceof LockReleasedEvent) {
			released(lock);
		}
		else if (event instanceof LockLostEvent) {
			// Not a release: the holder did not free the key, so no hold time is recorded.
			remove(lock.getKey(), (held) -> sameOwner(held, lock));
		}
		else if (event instanceof LockForceReleasedEvent) {
			// Whoever held it, the key is free now.
			remove(lock.getKey(), (held) -> true);
		}
		else if (event instanceof LockRefreshedEvent refreshed && !lock.isRenewed()) {
			Instant expiresAt = this.clock.instant().plus(refreshed.ttl());
			this.locks.computeIfPresent(lock.getKey(), (key, held) -> sameOwner(held, lock)
					? held.with(held.lock.expiringAt(expiresAt), held.checkedAt) : held);
			noteExpiry(expiresAt);
		}
	}

	/**
	 * The locks held now, by key, every entry due for it confirmed against the backend first.
	 * @return the held locks whose TTL has not passed, sorted by key
	 */
	public List<HeldLock> list() {
		Instant now = this.clock.instant();
		sweep(now);
		check(Integer.MAX_VALUE, now);
		return this.locks.values()
			.stream()
			.map((entry) -> entry.lock)
			.filter((held) -> !held.isExpired(now))
			.sorted(Comparator.comparing(HeldLock::key))
			.toList();
	}

	/**
	 * How many locks are held now, confirming at most {@value #CHECKS_PER_COUNT} entries due for it against the
	 * backend first.
	 * @return the number of held locks whose TTL has not passed
	 */
	public int count() {
		Instant now = this.clock.instant();
		sweepIfSomethingExpired(now);
		check(CHECKS_PER_COUNT, now);
		return this.size.get();
	}

	/**
	 * The lock held on a key, confirmed against the backend first if it is due for it.
	 * @param key the key, without the namespace
	 * @return the held lock, empty if this instance holds none on that key
	 */
	public Optional<HeldLock> get(String key) {
		Instant now = this.clock.instant();
		Entry entry = this.locks.get(key);
		if (entry != null && entry.isDue(now) && !now.isBefore(this.checksPausedUntil)) {
			confirm(entry, now);
		}
		return Optional.ofNullable(this.locks.get(key))
			.map((held) -> held.lock)
			.filter((held) -> !held.isExpired(now));
	}

	/**
	 * How many acquires were not recorded because {@code maxSize} locks were tracked already.
	 * @return the count since this registry was created
	 */
	public long overflowCount() {
		return this.overflow.get();
	}

	/**
	 * How many locks are tracked at most.
	 * @return the maximum size
	 */
	public int getMaxSize() {
		return this.maxSize;
	}

	// The number of entries tracked now, expired or not: what the sweeps bound.
	int tracked() {
		return this.size.get();
	}

	/**
	 * The clock this registry uses.
	 * @return the clock
	 */
	public Clock getClock() {
		return this.clock;
	}

	private void acquired(Lock lock) {
		Instant now = this.clock.instant();
		// A renewed lock is held until released or found lost, however short its TTL: renewals fire no events.
		boolean renewed = lock.isRenewed();
		Instant expiresAt = (renewed || !(lock.getExpiry() instanceof Expiry.After after)) ? null
				: now.plus(after.ttl());
		Entry fresh = new Entry(
				new HeldLock(lock.getKey(), lock.getOwner(), lock.getName().orElse(null), now, expiresAt), renewed,
				now);
		if (this.size.get() >= this.sweepAtSize) {
			sweepIfSomethingExpired(now);
		}
		if (!add(fresh, now)) {
			// Full, perhaps of entries that expired since the last sweep: only once those are gone is it an overflow.
			if (!sweepIfSomethingExpired(now) || !add(fresh, now)) {
				this.overflow.incrementAndGet();
				return;
			}
		}
		if (expiresAt != null) {
			noteExpiry(expiresAt);
		}
	}

	// False if the view is full and the key not in it.
	private boolean add(Entry fresh, Instant now) {
		boolean[] full = { false };
		this.locks.compute(fresh.lock.key(), (key, held) -> {
			if (held == null) {
				if (!reserve()) {
					full[0] = true;
					return null;
				}
				return fresh;
			}
			// Acquiring again as the same owner keeps the first acquire (and its TTL, as the backend does).
			return (held.lock.owner().equals(fresh.lock.owner()) && !held.lock.isExpired(now)) ? held : fresh;
		});
		return !full[0];
	}

	private boolean reserve() {
		int current;
		do {
			current = this.size.get();
			if (current >= this.maxSize) {
				return false;
			}
		}
		while (!this.size.compareAndSet(current, current + 1));
		return true;
	}

	private void released(Lock lock) {
		Entry held = remove(lock.getKey(), (entry) -> sameOwner(entry, lock));
		if (held == null) {
			return;
		}
		Duration heldFor = Duration.between(held.lock.acquiredAt(), this.clock.instant());
		for (ReleaseListener listener : this.releaseListeners) {
			try {
				listener.released(held.lock, heldFor);
			}
			catch (RuntimeException ex) {
				// HeldLock's toString shows the owner's fingerprint, never the owner.
				logger.warn("Release listener {} failed on {}", listener, held.lock, ex);
			}
		}
	}

	private @Nullable Entry remove(String key, Predicate<Entry> which) {
		Entry[] removed = { null };
		this.locks.computeIfPresent(key, (k, held) -> {
			if (!which.test(held)) {
				return held;
			}
			removed[0] = held;
			this.size.decrementAndGet();
			return null;
		});
		return removed[0];
	}

	private void noteExpiry(Instant expiresAt) {
		this.earliestExpiry.accumulateAndGet(expiresAt.toEpochMilli(), Math::min);
	}

	// Sweeps if an entry can have expired, unless another thread is sweeping; true if it swept.
	private boolean sweepIfSomethingExpired(Instant now) {
		if (now.toEpochMilli() < this.earliestExpiry.get()) {
			return false;
		}
		return sweep(now);
	}

	private boolean sweep(Instant now) {
		if (!this.sweeping.compareAndSet(false, true)) {
			return false;
		}
		try {
			// Reset first, then lowered by every survivor and by every entry added meanwhile: never too late.
			this.earliestExpiry.set(Long.MAX_VALUE);
			for (Entry entry : this.locks.values()) {
				if (entry.lock.isExpired(now)) {
					remove(entry.lock.key(), (held) -> held == entry);
				}
				else if (entry.lock.expiresAt() != null) {
					noteExpiry(entry.lock.expiresAt());
				}
			}
			// Amortized: the next sweep on the way of an acquire once the view has doubled.
			this.sweepAtSize = Math.max(MIN_SWEEP_SIZE, 2 * this.size.get());
			return true;
		}
		finally {
			this.sweeping.set(false);
		}
	}

	private void check(int most, Instant now) {
		if (now.isBefore(this.checksPausedUntil)) {
			return;
		}
		int checked = 0;
		for (Entry entry : this.locks.values()) {
			if (checked >= most) {
				return;
			}
			if (entry.isDue(now)) {
				checked++;
				if (!confirm(entry, now)) {
					return;
				}
			}
		}
	}

	// Reads the key's state as its owner: the entry stays (with the backend's expiry) only if the owner holds it.
	// False if the backend did not answer.
	private boolean confirm(Entry entry, Instant now) {
		HeldLock held = entry.lock;
		LockState state;
		try {
			state = this.provider
				.restore(new LockHandle(this.provider.getNamespace().root(), held.key(), held.owner(), Expiry.never()))
				.getState();
		}
		catch (RuntimeException ex) {
			this.checksPausedUntil = now.plus(RECHECK_AFTER);
			logger.debug("Could not confirm the lock on '{}' in the backend; it is kept until a later read can",
					held.key(), ex);
			return false;
		}
		if (state instanceof LockState.Acquired acquired) {
			Instant expiresAt = (acquired.remainingTime() instanceof RemainingTime.ExpiresIn expiresIn)
					? now.plus(expiresIn.remaining()) : null;
			this.locks.computeIfPresent(held.key(),
					(key, current) -> (current == entry) ? entry.with(held.expiringAt(expiresAt), now) : current);
			if (expiresAt != null) {
				noteExpiry(expiresAt);
			}
		}
		else {
			// Released, expired or taken by someone else behind this instance's back.
			remove(held.key(), (current) -> current == entry);
		}
		return true;
	}

	private static final class Entry {

		final HeldLock lock;

		final boolean renewed;

		// When the backend last confirmed it, or when it was acquired.
		final Instant checkedAt;

		Entry(HeldLock lock, boolean renewed, Instant checkedAt) {
			this.lock = lock;
			this.renewed = renewed;
			this.checkedAt = checkedAt;
		}

		Entry with(HeldLock newLock, Instant newCheckedAt) {
			return new Entry(newLock, this.renewed, newCheckedAt);
		}

		// Renewed locks need no check (a failed renewal finds them lost), nor those that expire before the next one.
		boolean isDue(Instant now) {
			Instant due = this.checkedAt.plus(RECHECK_AFTER);
			return !this.renewed && !now.isBefore(due) && !this.lock.isExpired(now)
					&& (this.lock.expiresAt() == null || this.lock.expiresAt().isAfter(now.plus(RECHECK_AFTER)));
		}

	}

	// A lock received from another instance may carry only its owner's fingerprint, which then is its getOwner().
	private static boolean sameOwner(Entry held, Lock lock) {
		String owner = lock.getOwner();
		return held.lock.owner().equals(owner) || held.lock.ownerFingerprint().equals(owner);
	}

}
