package dev.distlock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.event.LockLostEvent;

/**
 * Renews a provider's held locks in batches on its maintenance thread: each hold is refreshed a third of its TTL
 * after it was last confirmed, and every hold that is at least half-way there rides along in the same
 * {@link LockAdapter#refreshAll} call, so that thousands of renewed locks cost a few round trips per period.
 *
 * <p>A hold is confirmed by the backend's answer, and timed from when the confirming call was <em>sent</em>, so the
 * local idea of its expiry is never later than the backend's. A renewal that finds the hold gone declares it lost at
 * once; one that fails on the backend is retried until the TTL would have run out since the last confirmation, then
 * declares it lost: the backend may have let it expire, and another holder may have it.
 */
final class LockRenewer {

	private static final Logger logger = LoggerFactory.getLogger(LockRenewer.class);

	private static final long MAX_RETRY_NANOS = Duration.ofSeconds(1).toNanos();

	private final Ticker ticker;

	private final LockMaintenance maintenance;

	private final ConcurrentHashMap<DefaultLock, Hold> holds = new ConcurrentHashMap<>();

	private final Object scheduling = new Object();

	private @Nullable ScheduledFuture<?> nextTick;

	private long nextTickAt;

	// Only the maintenance thread reads and writes it.
	private boolean failing;

	LockRenewer(Ticker ticker, LockMaintenance maintenance) {
		this.ticker = ticker;
		this.maintenance = maintenance;
	}

	/** Starts renewing (or renews from now on with new values) {@code lock}'s hold, confirmed at {@code confirmedAt}. */
	void renew(DefaultLock lock, LockAdapter adapter, String qualifiedKey, long token, Duration ttl, long confirmedAt) {
		Hold hold = new Hold(adapter, qualifiedKey, lock.getOwner(), token, ttl.toNanos(), confirmedAt);
		this.holds.put(lock, hold);
		scheduleTick(hold.dueAt);
	}

	/** Stops renewing {@code lock}; a renewal in flight for it is then ignored. */
	void stop(DefaultLock lock) {
		this.holds.remove(lock);
	}

	/**
	 * Tells whether {@code lock}'s renewed hold has gone a whole TTL since its last confirmation: lost, as far as
	 * anyone can tell, even while the renewal that will say so still waits for the backend.
	 */
	boolean isOverdue(DefaultLock lock) {
		Hold hold = this.holds.get(lock);
		return hold != null && hold.isOverdue(this.ticker.read());
	}

	/** How many holds are renewed: for tests. */
	int renewedHolds() {
		return this.holds.size();
	}

	private void tick() {
		synchronized (this.scheduling) {
			this.nextTick = null;
		}
		long now = this.ticker.read();
		List<DefaultLock> locks = new ArrayList<>();
		List<Hold> due = new ArrayList<>();
		this.holds.forEach((lock, hold) -> {
			if (hold.isOverdue(now)) {
				lost(lock, hold, LockLostEvent.Detection.RENEWAL_FAILED);
			}
			else if (hold.dueAt - (now + hold.periodNanos() / 2) <= 0) {
				locks.add(lock);
				due.add(hold);
			}
		});
		// One batch per adapter: a provider's locks share one, a semaphore's or read-write lock's slots their view.
		Map<LockAdapter, List<Integer>> byAdapter = new LinkedHashMap<>();
		for (int i = 0; i < due.size(); i++) {
			byAdapter.computeIfAbsent(due.get(i).adapter, (adapter) -> new ArrayList<>()).add(i);
		}
		byAdapter.forEach((adapter, indexes) -> {
			List<DefaultLock> batchLocks = new ArrayList<>(indexes.size());
			List<Hold> batch = new ArrayList<>(indexes.size());
			for (int i : indexes) {
				batchLocks.add(locks.get(i));
				batch.add(due.get(i));
			}
			renewAll(adapter, batchLocks, batch);
		});
		scheduleEarliest();
	}

	private void renewAll(LockAdapter adapter, List<DefaultLock> locks, List<Hold> due) {
		List<Refresh> refreshes = new ArrayList<>(due.size());
		for (Hold hold : due) {
			refreshes.add(new Refresh(hold.key, hold.owner, hold.token, Duration.ofNanos(hold.ttlNanos)));
		}
		long sentAt = this.ticker.read();
		List<UpdateResult> results;
		try {
			results = adapter.refreshAll(refreshes);
		}
		catch (RuntimeException ex) {
			// Once per outage at WARN: retries come every fraction of a TTL, and each would say the same.
			if (!this.failing) {
				this.failing = true;
				logger.warn("Renewing {} held lock(s) failed on the backend; retrying until their TTLs would run out",
						due.size(), ex);
			}
			else {
				logger.debug("Renewing {} held lock(s) failed on the backend again", due.size(), ex);
			}
			retryLater(locks, due);
			return;
		}
		if (this.failing) {
			this.failing = false;
			logger.info("Renewing held locks works again");
		}
		for (int i = 0; i < due.size(); i++) {
			DefaultLock lock = locks.get(i);
			Hold hold = due.get(i);
			switch (results.get(i)) {
				case UPDATED -> {
					hold.confirmed(sentAt);
					// A refresh by hand replaced the hold while this batch was out: the batch may have landed last,
					// with the old TTL, so renew the replacement at once with its own.
					Hold current = this.holds.get(lock);
					if (current != null && current != hold) {
						current.dueAt = this.ticker.read();
					}
				}
				case NOT_HELD, HELD_BY_OTHER -> lost(lock, hold, LockLostEvent.Detection.RENEWAL);
				case NEVER_EXPIRES -> this.holds.remove(lock, hold);
			}
		}
	}

	private void retryLater(List<DefaultLock> locks, List<Hold> due) {
		long now = this.ticker.read();
		for (int i = 0; i < due.size(); i++) {
			Hold hold = due.get(i);
			if (hold.isOverdue(now)) {
				lost(locks.get(i), hold, LockLostEvent.Detection.RENEWAL_FAILED);
			}
			else {
				hold.dueAt = now + Math.max(1, Math.min(hold.periodNanos() / 4, MAX_RETRY_NANOS));
			}
		}
	}

	private void lost(DefaultLock lock, Hold hold, LockLostEvent.Detection detection) {
		// Only if still renewed: a lock released while its renewal was in flight was not lost.
		if (this.holds.remove(lock, hold)) {
			lock.lostInBackground(hold.token, detection);
		}
	}

	private void scheduleEarliest() {
		long earliest = 0;
		boolean any = false;
		for (Hold hold : this.holds.values()) {
			if (!any || hold.dueAt - earliest < 0) {
				earliest = hold.dueAt;
				any = true;
			}
		}
		if (any) {
			scheduleTick(earliest);
		}
	}

	private void scheduleTick(long at) {
		synchronized (this.scheduling) {
			ScheduledFuture<?> scheduled = this.nextTick;
			if (scheduled != null) {
				if (this.nextTickAt - at <= 0) {
					return;
				}
				scheduled.cancel(false);
			}
			this.nextTickAt = at;
			this.nextTick = this.maintenance.schedule(this::tick, Duration.ofNanos(at - this.ticker.read()));
		}
	}

	/** One renewed hold; its times are ticker readings. */
	private static final class Hold {

		final LockAdapter adapter;

		final String key;

		final String owner;

		final long token;

		final long ttlNanos;

		volatile long confirmedAt;

		volatile long dueAt;

		Hold(LockAdapter adapter, String key, String owner, long token, long ttlNanos, long confirmedAt) {
			this.adapter = adapter;
			this.key = key;
			this.owner = owner;
			this.token = token;
			this.ttlNanos = ttlNanos;
			confirmed(confirmedAt);
		}

		long periodNanos() {
			return Math.max(1, this.ttlNanos / 3);
		}

		boolean isOverdue(long now) {
			return now - (this.confirmedAt + this.ttlNanos) >= 0;
		}

		void confirmed(long at) {
			this.confirmedAt = at;
			this.dueAt = at + periodNanos();
		}

	}

}
