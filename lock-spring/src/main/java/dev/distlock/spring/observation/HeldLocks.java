package dev.distlock.spring.observation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlock.Lock;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockEventListener;
import dev.distlock.event.LockForceReleasedEvent;
import dev.distlock.event.LockLostEvent;
import dev.distlock.event.LockRefreshedEvent;
import dev.distlock.event.LockReleasedEvent;

/**
 * The locks this instance holds now, of one provider, as its lock events tell: register it as a listener on the
 * provider. Thread-safe, no background thread.
 *
 * <p>This is this instance's view, built from what it did and heard: a lock acquired here is added; released or
 * force released (by anyone whose events reach this provider) it is removed; found lost it is removed too;
 * refreshed it gets a new expiry; renewed in the background it has none. A lock whose TTL has passed by this JVM's
 * clock is no longer counted: it is dropped
 * when the locks are next read. The backend's clock decides real expiry, so near the end of a TTL the two may differ
 * briefly.
 */
public final class HeldLocks implements LockEventListener<LockEvent> {

	private static final Logger logger = LoggerFactory.getLogger(HeldLocks.class);

	private final String instanceId;

	private final Clock clock;

	private final Map<String, HeldLock> locks = new ConcurrentHashMap<>();

	private final List<ReleaseListener> releaseListeners = new CopyOnWriteArrayList<>();

	/**
	 * Creates an empty registry.
	 * @param instanceId the provider's {@linkplain dev.distlock.LockProvider#getInstanceId() instance id}: only
	 * acquires this instance made are added
	 * @param clock the clock that times acquires, expiry and hold times
	 */
	public HeldLocks(String instanceId, Clock clock) {
		this.instanceId = instanceId;
		this.clock = clock;
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
			this.locks.computeIfPresent(lock.getKey(),
					(key, held) -> held.owner().equals(lock.getOwner()) ? null : held);
		}
		else if (event instanceof LockForceReleasedEvent) {
			// Whoever held it, the key is free now.
			this.locks.remove(lock.getKey());
		}
		else if (event instanceof LockRefreshedEvent refreshed && !lock.isRenewed()) {
			Instant expiresAt = this.clock.instant().plus(refreshed.ttl());
			this.locks.computeIfPresent(lock.getKey(),
					(key, held) -> held.owner().equals(lock.getOwner()) ? held.expiringAt(expiresAt) : held);
		}
	}

	/**
	 * The locks held now, by key.
	 * @return the held locks whose TTL has not passed, sorted by key
	 */
	public List<HeldLock> list() {
		dropExpired();
		return this.locks.values().stream().sorted(Comparator.comparing(HeldLock::key)).toList();
	}

	/**
	 * How many locks are held now.
	 * @return the number of held locks whose TTL has not passed
	 */
	public int count() {
		dropExpired();
		return this.locks.size();
	}

	/**
	 * The lock held on a key.
	 * @param key the key, without the namespace
	 * @return the held lock, empty if this instance holds none on that key
	 */
	public Optional<HeldLock> get(String key) {
		dropExpired();
		return Optional.ofNullable(this.locks.get(key));
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
		Instant expiresAt = lock.isRenewed() ? null : lock.getTtl().map(now::plus).orElse(null);
		HeldLock acquired = new HeldLock(lock.getKey(), lock.getOwner(), lock.getName().orElse(null), now, expiresAt);
		// Acquiring again as the same owner keeps the first acquire (and its TTL, as the backend does).
		this.locks.merge(lock.getKey(), acquired, (held, fresh) -> held.owner().equals(fresh.owner())
				&& !held.isExpired(now) ? held : fresh);
	}

	private void released(Lock lock) {
		HeldLock held = this.locks.get(lock.getKey());
		if (held == null || !held.owner().equals(lock.getOwner()) || !this.locks.remove(lock.getKey(), held)) {
			return;
		}
		Duration heldFor = Duration.between(held.acquiredAt(), this.clock.instant());
		for (ReleaseListener listener : this.releaseListeners) {
			try {
				listener.released(held, heldFor);
			}
			catch (RuntimeException ex) {
				logger.warn("Release listener {} failed on {}", listener, held, ex);
			}
		}
	}

	private void dropExpired() {
		Instant now = this.clock.instant();
		this.locks.values().removeIf((held) -> held.isExpired(now));
	}

}
