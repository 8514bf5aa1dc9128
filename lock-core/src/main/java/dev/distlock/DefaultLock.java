package dev.distlock;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.ReleaseWatch;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockForceReleasedEvent;
import dev.distlock.event.LockRefreshFailedEvent;
import dev.distlock.event.LockRefreshedEvent;
import dev.distlock.event.LockReleaseFailedEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.event.LockUnavailableEvent;
import dev.distlock.event.LockUnexpectedErrorEvent;

/**
 * The lock logic every adapter shares: events, blocking, {@code OrFail} forms, {@code run} forms, and turning backend
 * faults into {@link LockBackendException}.
 */
final class DefaultLock implements Lock {

	private static final Logger logger = LoggerFactory.getLogger(DefaultLock.class);

	// No single wait is longer, so no watch is handed a timeout it cannot count in nanoseconds; waking once an hour
	// to try again costs nothing.
	private static final Duration MAX_SINGLE_WAIT = Duration.ofHours(1);

	private final DefaultLockProvider provider;

	private final String key;

	private final String qualifiedKey;

	private final String owner;

	private final @Nullable Duration ttl;

	private final @Nullable String name;

	// A hint, not the truth (the backend is): whether this handle's own acquire succeeded since its last release.
	private volatile boolean heldThroughThisHandle;

	DefaultLock(DefaultLockProvider provider, String key, String owner, @Nullable Duration ttl, @Nullable String name) {
		this.provider = provider;
		this.key = key;
		this.qualifiedKey = provider.getNamespace().qualify(key);
		this.owner = owner;
		this.ttl = ttl;
		this.name = name;
	}

	@Override
	public boolean acquire() {
		return observe(LockOperation.ACQUIRE, () -> {
			boolean acquired = tryAcquire();
			publish(acquired ? new LockAcquiredEvent(this, origin()) : new LockUnavailableEvent(this, origin()));
			return acquired;
		});
	}

	@Override
	public void acquireOrFail() {
		if (!acquire()) {
			throw new KeyAlreadyAcquiredException(this.key);
		}
	}

	@Override
	public boolean acquireBlocking() {
		return acquireBlocking(this.provider.getDefaultBlockingSettings());
	}

	@Override
	public boolean acquireBlocking(BlockingSettings settings) {
		Arguments.requireNonNull("settings", settings);
		return observe(LockOperation.ACQUIRE_BLOCKING, () -> waitAndAcquire(settings));
	}

	private boolean waitAndAcquire(BlockingSettings settings) {
		Clock clock = this.provider.clock();
		Instant deadline = deadline(clock.instant(), settings.waitTime());
		// Watch before the first attempt, so a release between an attempt and the wait is not missed.
		try (ReleaseWatch releases = backend("watch", () -> adapter().watchReleases(this.qualifiedKey))) {
			while (!tryAcquire()) {
				Duration remaining = Duration.between(clock.instant(), deadline);
				if (remaining.isNegative() || remaining.isZero()) {
					publish(new LockUnavailableEvent(this, origin()));
					return false;
				}
				releases.await(shortest(remaining, settings.interval(), MAX_SINGLE_WAIT));
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LockInterruptedException(this.key, ex);
		}
		publish(new LockAcquiredEvent(this, origin()));
		return true;
	}

	@Override
	public void acquireBlockingOrFail() {
		acquireBlockingOrFail(this.provider.getDefaultBlockingSettings());
	}

	@Override
	public void acquireBlockingOrFail(BlockingSettings settings) {
		if (!acquireBlocking(settings)) {
			throw new KeyAlreadyAcquiredException(this.key);
		}
	}

	@Override
	public boolean release() {
		return observe(LockOperation.RELEASE, () -> {
			boolean released = backend("release", () -> adapter().release(this.qualifiedKey, this.owner));
			this.heldThroughThisHandle = false;
			publish(released ? new LockReleasedEvent(this, origin()) : new LockReleaseFailedEvent(this, origin()));
			return released;
		});
	}

	@Override
	public void releaseOrFail() {
		if (!release()) {
			throw new UnownedReleaseException(this.key, this.owner);
		}
	}

	@Override
	public boolean forceRelease() {
		return observe(LockOperation.FORCE_RELEASE, () -> {
			boolean released = backend("force release", () -> adapter().forceRelease(this.qualifiedKey));
			this.heldThroughThisHandle = false;
			publish(new LockForceReleasedEvent(this, origin(), released));
			return released;
		});
	}

	@Override
	public boolean refresh() {
		Duration ownTtl = this.ttl;
		if (ownTtl == null) {
			// A lock without expiry has nothing to refresh: the same answer the adapter gives for such a key.
			return observe(LockOperation.REFRESH, () -> {
				publish(new LockRefreshFailedEvent(this, origin()));
				return false;
			});
		}
		return refreshFor(ownTtl);
	}

	@Override
	public boolean refresh(Duration ttl) {
		return refreshFor(Arguments.requireTtl("ttl", ttl));
	}

	@Override
	public void refreshOrFail() {
		if (!refresh()) {
			throw new UnownedRefreshException(this.key, this.owner);
		}
	}

	@Override
	public void refreshOrFail(Duration ttl) {
		if (!refresh(ttl)) {
			throw new UnownedRefreshException(this.key, this.owner);
		}
	}

	@Override
	public boolean isExpired() {
		return getState() instanceof LockState.Expired;
	}

	@Override
	public boolean isLocked() {
		return !isExpired();
	}

	@Override
	public Optional<Duration> getRemainingTime() {
		return (getState() instanceof LockState.Acquired acquired) ? acquired.remaining() : Optional.empty();
	}

	@Override
	public LockState getState() {
		return observe(LockOperation.READ_STATE, () -> {
			Optional<LockHolder> holder = backend("read the state of", () -> adapter().state(this.qualifiedKey));
			if (holder.isEmpty()) {
				return new LockState.Expired();
			}
			if (!holder.get().owner().equals(this.owner)) {
				return new LockState.Unavailable(holder.get().owner());
			}
			return new LockState.Acquired(holder.get().remainingTime());
		});
	}

	@Override
	public String getOwner() {
		return this.owner;
	}

	@Override
	public String getKey() {
		return this.key;
	}

	@Override
	public Optional<Duration> getTtl() {
		return Optional.ofNullable(this.ttl);
	}

	@Override
	public Optional<String> getName() {
		return Optional.ofNullable(this.name);
	}

	@Override
	public LockHandle toHandle() {
		return new LockHandle(this.provider.getNamespace().root(), this.key, this.owner, this.ttl);
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> LockResult<T> run(LockedCallable<T, E> work) throws E {
		Arguments.requireNonNull("work", work);
		return acquire() ? LockResult.acquired(callThenRelease(work)) : LockResult.notAcquired();
	}

	@Override
	public <E extends Throwable> LockResult<@Nullable Void> run(LockedRunnable<E> work) throws E {
		return run(callable(work));
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> T runOrFail(LockedCallable<T, E> work) throws E {
		Arguments.requireNonNull("work", work);
		acquireOrFail();
		return callThenRelease(work);
	}

	@Override
	public <E extends Throwable> void runOrFail(LockedRunnable<E> work) throws E {
		runOrFail(callable(work));
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> LockResult<T> runBlocking(LockedCallable<T, E> work)
			throws E {
		return runBlocking(work, this.provider.getDefaultBlockingSettings());
	}

	@Override
	public <E extends Throwable> LockResult<@Nullable Void> runBlocking(LockedRunnable<E> work) throws E {
		return runBlocking(callable(work), this.provider.getDefaultBlockingSettings());
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> LockResult<T> runBlocking(LockedCallable<T, E> work,
			BlockingSettings settings) throws E {
		Arguments.requireNonNull("work", work);
		return acquireBlocking(settings) ? LockResult.acquired(callThenRelease(work)) : LockResult.notAcquired();
	}

	@Override
	public <E extends Throwable> LockResult<@Nullable Void> runBlocking(LockedRunnable<E> work,
			BlockingSettings settings) throws E {
		return runBlocking(callable(work), settings);
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> T runBlockingOrFail(LockedCallable<T, E> work) throws E {
		return runBlockingOrFail(work, this.provider.getDefaultBlockingSettings());
	}

	@Override
	public <E extends Throwable> void runBlockingOrFail(LockedRunnable<E> work) throws E {
		runBlockingOrFail(callable(work), this.provider.getDefaultBlockingSettings());
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> T runBlockingOrFail(LockedCallable<T, E> work,
			BlockingSettings settings) throws E {
		Arguments.requireNonNull("work", work);
		acquireBlockingOrFail(settings);
		return callThenRelease(work);
	}

	@Override
	public <E extends Throwable> void runBlockingOrFail(LockedRunnable<E> work, BlockingSettings settings) throws E {
		runBlockingOrFail(callable(work), settings);
	}

	@Override
	public String toString() {
		return "Lock[key=" + this.key + ", owner=" + this.owner + ", ttl=" + ((this.ttl != null) ? this.ttl : "none")
				+ "]";
	}

	private boolean tryAcquire() {
		try {
			boolean acquired = backend("acquire", () -> adapter().acquire(this.qualifiedKey, this.owner, this.ttl));
			if (acquired) {
				this.heldThroughThisHandle = true;
			}
			return acquired;
		}
		catch (LockBackendException ex) {
			if (!this.heldThroughThisHandle) {
				undoPossibleAcquire(ex);
			}
			throw ex;
		}
	}

	// The backend may have applied the acquire before it failed (a timeout after the write reached Redis). Nobody
	// would ever release that lock, and one without expiry would be held for good: release it, owner-checked, so
	// this is harmless when nothing was taken. Skipped when this handle already held the key before the attempt.
	private void undoPossibleAcquire(LockBackendException failure) {
		try {
			adapter().release(this.qualifiedKey, this.owner);
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
		}
	}

	// "Wait forever" is a valid wait time: the deadline saturates instead of overflowing.
	private static Instant deadline(Instant now, Duration waitTime) {
		try {
			return now.plus(waitTime);
		}
		catch (DateTimeException | ArithmeticException ex) {
			return Instant.MAX;
		}
	}

	private static Duration shortest(Duration first, Duration second, Duration third) {
		Duration shorter = (first.compareTo(second) < 0) ? first : second;
		return (shorter.compareTo(third) < 0) ? shorter : third;
	}

	private boolean refreshFor(Duration newTtl) {
		return observe(LockOperation.REFRESH, () -> {
			boolean refreshed = backend("refresh", () -> adapter().refresh(this.qualifiedKey, this.owner, newTtl));
			publish(refreshed ? new LockRefreshedEvent(this, origin(), newTtl)
					: new LockRefreshFailedEvent(this, origin()));
			return refreshed;
		});
	}

	private <T extends @Nullable Object> T observe(LockOperation operation, Supplier<T> call) {
		return this.provider.observer().observe(operation, this, call);
	}

	// The lock is released on every path; the work's own failure wins over a failed release, which rides along
	// as a suppressed exception.
	private <T extends @Nullable Object, E extends Throwable> T callThenRelease(LockedCallable<T, E> work) throws E {
		T value;
		try {
			value = work.call();
		}
		catch (Throwable failure) {
			try {
				release();
			}
			catch (RuntimeException releaseFailure) {
				failure.addSuppressed(releaseFailure);
			}
			throw failure;
		}
		release();
		return value;
	}

	private static <E extends Throwable> LockedCallable<@Nullable Void, E> callable(LockedRunnable<E> work) {
		Arguments.requireNonNull("work", work);
		return () -> {
			work.run();
			return null;
		};
	}

	private <R> R backend(String operation, Supplier<R> call) {
		try {
			return call.get();
		}
		catch (RuntimeException ex) {
			publish(new LockUnexpectedErrorEvent(this, origin(), ex));
			throw new LockBackendException(this.key, operation, ex);
		}
	}

	private void publish(LockEvent event) {
		try {
			this.provider.eventBus().publish(event);
		}
		catch (RuntimeException ex) {
			// The bus should isolate its listeners; if it does not, the lock operation still stands.
			logger.warn("Lock event bus failed to publish {}", event, ex);
		}
	}

	private String origin() {
		return this.provider.getInstanceId();
	}

	private LockAdapter adapter() {
		return this.provider.adapter();
	}

}
