package dev.distlock;

import java.nio.channels.ClosedByInterruptException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.LockWait;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockForceReleasedEvent;
import dev.distlock.event.LockLostEvent;
import dev.distlock.event.LockRefreshFailedEvent;
import dev.distlock.event.LockRefreshedEvent;
import dev.distlock.event.LockReleaseFailedEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.event.LockUnavailableEvent;
import dev.distlock.event.LockUnexpectedErrorEvent;

/**
 * The lock logic every adapter shares: events, blocking, {@code OrFail} forms, {@code run} forms, fencing tokens,
 * lost-lock detection, renewal, and turning backend faults into {@link LockBackendException}.
 */
final class DefaultLock implements Lock {

	private static final Logger logger = LoggerFactory.getLogger(DefaultLock.class);

	// No single wait is longer, so no watch is handed a timeout it cannot count in nanoseconds; waking once an hour
	// to try again costs nothing.
	private static final long MAX_SINGLE_WAIT_NANOS = Duration.ofHours(1).toNanos();

	// A grant whose age bound is this share of the TTL or more is confirmed by an attempt instead of taken as is.
	private static final long GRANT_AGE_SHARE = 4;

	// Between this JVM's wait deadline and the server's for the same wait: their clocks started a round trip apart.
	private static final long UNDO_SLACK_NANOS = Duration.ofSeconds(1).toNanos();

	// A holder's remaining time is a hint to wake at its expiry; never spin on one that reads as zero.
	private static final long MIN_WAIT_NANOS = Duration.ofMillis(1).toNanos();

	private final DefaultLockProvider provider;

	// The provider's adapter, or a semaphore's or read-write lock's view of its own backend.
	private final LockAdapter adapter;

	private final String key;

	private final String qualifiedKey;

	private final String owner;

	private final @Nullable String name;

	private final boolean renewed;

	// The minimum hold (LockSettings.withHoldAtLeast), or null; a release before it is over releases later instead.
	private final @Nullable Duration holdAtLeast;

	// When the reply of the acquire that created this lock's current hold arrived (ticker time); read by a release
	// only while holdAtLeast is set.
	private volatile long acquiredAt;

	private volatile @Nullable Duration ttl;

	// The fencing token of the hold this lock last acquired (or was restored with), kept after a loss so that even
	// then a release can only ever free that hold; 0 when it knows of none.
	private volatile long token;

	// How this lock's hold was found lost since it was last acquired; null while not lost.
	private volatile LockLostEvent.@Nullable Detection lost;

	// Created by the first clean-up owed: most locks never need one.
	private volatile @Nullable OwedCleanups owedCleanups;

	DefaultLock(DefaultLockProvider provider, LockAdapter adapter, String key, String owner, @Nullable Duration ttl,
			@Nullable String name, boolean renewed, long token, @Nullable Duration holdAtLeast) {
		this.provider = provider;
		this.adapter = adapter;
		this.key = key;
		this.qualifiedKey = provider.getNamespace().qualify(key);
		// Up front, not at the first call: a backend that would truncate or merge keys must refuse them here.
		adapter.checkStorable(this.qualifiedKey, owner);
		this.owner = owner;
		this.ttl = ttl;
		this.name = name;
		this.renewed = renewed;
		this.token = token;
		this.holdAtLeast = holdAtLeast;
	}

	@Override
	public boolean acquire() {
		return observe(LockOperation.ACQUIRE, () -> {
			Attempt attempt = tryAcquire();
			publish(attempt.acquired() ? new LockAcquiredEvent(this, origin(), this.token)
					: new LockUnavailableEvent(this, origin()));
			return attempt.acquired();
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
		Ticker ticker = this.provider.ticker();
		long deadline = deadline(ticker.read(), settings.waitTime());
		long interval = saturatedNanos(settings.interval());
		try {
			WaitOutcome outcome;
			do {
				runOwedCleanups();
				// A wait that starts again gets what is left of the call's wait time, not all of it.
				Duration waitLeft = Duration.ofNanos(Math.max(0, deadline - ticker.read()));
				outcome = waitInLine(waitLeft, deadline, interval);
			}
			while (outcome == WaitOutcome.START_AGAIN);
			if (outcome == WaitOutcome.TIMED_OUT) {
				publish(new LockUnavailableEvent(this, origin()));
				return false;
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LockInterruptedException(this.key, ex);
		}
		publish(new LockAcquiredEvent(this, origin(), this.token));
		return true;
	}

	// One wait in the adapter's line, under one attempt id. Attempts that fail on the backend do not end it: their
	// outcome is unknown, so the id must not be reused by another wait until the undo this wait then owes has run.
	private WaitOutcome waitInLine(Duration waitTime, long deadline, long interval) throws InterruptedException {
		Ticker ticker = this.provider.ticker();
		Duration ownTtl = this.ttl;
		long attemptId = newAttemptId();
		LockWait wait = backend("wait for",
				() -> adapter().openWait(this.qualifiedKey, this.owner, ownTtl, attemptId, waitTime));
		WaitOutcome outcome = WaitOutcome.TIMED_OUT;
		boolean unsure = false;
		try {
			while (true) {
				LockBackendException failure = null;
				Attempt attempt = null;
				long sentAt = ticker.read();
				try {
					attempt = accept(backend("acquire", wait::attempt), sentAt, attemptId, ownTtl);
				}
				catch (LockBackendException ex) {
					// A transient fault ends nothing while there is time left: the wait's budget is the bound.
					failure = ex;
					unsure = true;
				}
				if (attempt != null && attempt.outcome() != WaitOutcome.TIMED_OUT) {
					outcome = attempt.outcome();
					return outcome;
				}
				long now = ticker.read();
				long remaining = deadline - now;
				if (remaining <= 0) {
					if (failure != null) {
						throw failure;
					}
					return outcome;
				}
				long waitNanos = Math.min(Math.min(remaining, interval), MAX_SINGLE_WAIT_NANOS);
				Duration holderRemaining = (attempt != null) ? attempt.holderRemaining() : null;
				if (holderRemaining != null) {
					// The holder's expiry frees the key without any release to wake us: be there when it does.
					waitNanos = Math.min(waitNanos, Math.max(MIN_WAIT_NANOS, saturatedNanos(holderRemaining)));
				}
				if (ownTtl != null) {
					// A grant is timed from when its wait began: keep that close, so that it never eats a hold.
					waitNanos = Math.min(waitNanos, Math.max(MIN_WAIT_NANOS, saturatedNanos(ownTtl) / 2));
				}
				LockWait.Grant grant = wait.awaitGrant(Duration.ofNanos(waitNanos));
				long age = (grant != null) ? saturatedNanos(grant.age()) : 0;
				if (grant != null && (ownTtl == null || age < saturatedNanos(ownTtl) / GRANT_AGE_SHARE)) {
					// Timed from when the adapter says it may have happened, so the hold is never thought longer.
					outcome = accept(new AcquireResult.Acquired(grant.token()), ticker.read() - age, attemptId,
							ownTtl).outcome();
					if (outcome != WaitOutcome.TIMED_OUT) {
						return outcome;
					}
				}
				// A grant the adapter cannot date closely enough is not taken on trust: the next attempt finds the
				// key held by this owner, with its real remaining time.
			}
		}
		finally {
			try {
				wait.close();
			}
			catch (RuntimeException ex) {
				if (outcome != WaitOutcome.ACQUIRED) {
					logger.debug("Leaving the line of lock '{}' failed; owed in the background", this.key, ex);
					unsure = true;
				}
			}
			if (unsure && outcome != WaitOutcome.ACQUIRED && outcome != WaitOutcome.START_AGAIN) {
				// START_AGAIN owes its undo already. Otherwise an attempt or the leaving failed: this wait may hold
				// the key, or still be in line for it, and be handed the key until its wait time is over: only a
				// TTL after that can the undo be given up.
				undoInBackground(attemptId, ownTtl, Math.max(deadline, ticker.read()) + UNDO_SLACK_NANOS);
			}
		}
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
			long heldToken = this.token;
			boolean believedHeld = heldToken != 0 && this.lost == null;
			// An overdue renewed hold is lost whatever the release finds: another holder may have had the key.
			boolean overdue = believedHeld && this.renewed && this.provider.renewer().isOverdue(this);
			stopRenewal();
			Duration holdLeft = believedHeld ? holdLeft() : null;
			UpdateResult result;
			try {
				result = (holdLeft != null) ? releaseLater(heldToken, holdLeft)
						: backend("release", () -> adapter().release(this.qualifiedKey, this.owner, heldToken));
			}
			catch (LockException ex) {
				if (overdue) {
					markLost(heldToken, LockLostEvent.Detection.RENEWAL_FAILED);
				}
				throw ex;
			}
			if (result == UpdateResult.UPDATED) {
				if (overdue) {
					markLost(heldToken, LockLostEvent.Detection.RENEWAL_FAILED);
				}
				this.token = 0;
				publish(new LockReleasedEvent(this, origin(), heldToken));
				return true;
			}
			publish(new LockReleaseFailedEvent(this, origin()));
			if (believedHeld) {
				markLost(heldToken, overdue ? LockLostEvent.Detection.RENEWAL_FAILED : LockLostEvent.Detection.RELEASE);
			}
			return false;
		});
	}

	// What is left of the minimum hold, or null when there is none or it is over (then a release frees the key).
	private @Nullable Duration holdLeft() {
		Duration minimum = this.holdAtLeast;
		if (minimum == null) {
			return null;
		}
		long left = saturatedNanos(minimum) - (this.provider.ticker().read() - this.acquiredAt);
		return (left > 0) ? Duration.ofNanos(left) : null;
	}

	private UpdateResult releaseLater(long heldToken, Duration holdLeft) {
		UpdateResult result = backend("release",
				() -> adapter().releaseAfter(this.qualifiedKey, this.owner, heldToken, holdLeft));
		// An adapter that cannot shorten a hold without expiry (LockAdapter's default): free it now instead.
		return (result == UpdateResult.NEVER_EXPIRES)
				? backend("release", () -> adapter().release(this.qualifiedKey, this.owner, heldToken)) : result;
	}

	@Override
	public void releaseOrFail() {
		if (!release()) {
			throw new UnownedReleaseException(this.key, this.owner);
		}
	}

	@Override
	public boolean forceRelease() {
		return observe(LockOperation.FORCE_RELEASE,
				() -> forceReleaseUnobserved((qualified) -> adapter().forceRelease(qualified) ? 1 : 0) > 0);
	}

	// What forceRelease does, with a count: a semaphore's or read-write lock's forceReleaseAll frees several holds.
	int forceReleaseAll(ToIntFunction<String> release) {
		return observe(LockOperation.FORCE_RELEASE, () -> forceReleaseUnobserved(release));
	}

	private int forceReleaseUnobserved(ToIntFunction<String> release) {
		stopRenewal();
		int released = backend("force release", () -> release.applyAsInt(this.qualifiedKey));
		this.token = 0;
		publish(new LockForceReleasedEvent(this, origin(), released > 0));
		return released;
	}

	// What a read-write lock's forceReleaseAll tells its other half: its hold is gone, without a second event.
	void forgetHold() {
		stopRenewal();
		this.token = 0;
	}

	// A state read of a semaphore or read-write lock, observed and guarded as this lock's own state read.
	<R> R readState(Function<String, R> read) {
		return observe(LockOperation.READ_STATE,
				() -> backend("read the state of", () -> read.apply(this.qualifiedKey)));
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
	public RemainingTime getRemainingTime() {
		return (getState() instanceof LockState.Acquired acquired) ? acquired.remainingTime() : RemainingTime.notHeld();
	}

	@Override
	public LockState getState() {
		return observe(LockOperation.READ_STATE, () -> {
			Optional<LockHolder> holder = backend("read the state of", () -> adapter().stateFor(this.qualifiedKey, this.owner));
			if (holder.isEmpty()) {
				return new LockState.Expired();
			}
			if (!holder.get().owner().equals(this.owner)) {
				return new LockState.Unavailable(holder.get().owner());
			}
			return new LockState.Acquired(RemainingTime.ofHold(holder.get().remainingTime()), holder.get().token());
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
	public Expiry.Resolved getExpiry() {
		return Expiry.ofNullable(this.ttl);
	}

	@Override
	public OptionalLong getFencingToken() {
		long held = this.token;
		return (held != 0 && !isLost()) ? OptionalLong.of(held) : OptionalLong.empty();
	}

	@Override
	public boolean isLost() {
		// Overdue counts at once: the renewal thread may still be waiting for a backend that does not answer.
		return this.lost != null || (this.renewed && this.provider.renewer().isOverdue(this));
	}

	@Override
	public boolean isRenewed() {
		return this.renewed && this.ttl != null;
	}

	@Override
	public Optional<String> getName() {
		return Optional.ofNullable(this.name);
	}

	@Override
	public LockHandle toHandle() {
		return new LockHandle(this.provider.getNamespace().root(), this.key, this.owner, Expiry.ofNullable(this.ttl),
				getFencingToken().orElse(0));
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> LockResult<T> run(LockedCallable<T, E> work) throws E {
		Arguments.requireNonNull("work", work);
		if (isHeldByEnclosingWork()) {
			return LockResult.acquired(work.call());
		}
		return acquire() ? LockResult.acquired(callThenRelease(work)) : LockResult.notAcquired();
	}

	@Override
	public <E extends Throwable> LockResult<@Nullable Void> run(LockedRunnable<E> work) throws E {
		return run(callable(work));
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> T runOrFail(LockedCallable<T, E> work) throws E {
		Arguments.requireNonNull("work", work);
		if (isHeldByEnclosingWork()) {
			return work.call();
		}
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
		if (isHeldByEnclosingWork()) {
			return LockResult.acquired(work.call());
		}
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
		if (isHeldByEnclosingWork()) {
			return work.call();
		}
		acquireBlockingOrFail(settings);
		return callThenRelease(work);
	}

	@Override
	public <E extends Throwable> void runBlockingOrFail(LockedRunnable<E> work, BlockingSettings settings) throws E {
		runBlockingOrFail(callable(work), settings);
	}

	// Work that already holds this key through the same provider (an enclosing @DistributedLock call, with the
	// starter) runs nested work under that hold: acquiring again would only wait for itself.
	private boolean isHeldByEnclosingWork() {
		return this.provider.enclosingHold(this.key).isPresent();
	}

	@Override
	public <T extends @Nullable Object> T releaseAfterWork(T result) {
		boolean interrupted = Thread.interrupted();
		try {
			long heldToken = this.token;
			LockBackendException releaseFailure = null;
			try {
				release();
			}
			catch (LockBackendException ex) {
				releaseFailure = ex;
				releaseInBackground(heldToken);
			}
			// A loss known before, or found now, outweighs a failed release: the caller must hear of it.
			LockLostEvent.Detection detection = this.lost;
			if (detection != null && this.provider.lostLockPolicy() == LostLockPolicy.THROW) {
				LockLostException lost = new LockLostException(this.key, detection, result, null);
				if (releaseFailure != null) {
					lost.addSuppressed(releaseFailure);
				}
				throw lost;
			}
			if (releaseFailure != null) {
				if (this.provider.releaseErrorPolicy() == ReleaseErrorPolicy.THROW) {
					throw releaseFailure;
				}
				logger.warn("Lock '{}' could not be released after its work succeeded; the work's result stands, and "
						+ "the key is freed by {}", this.key,
						(this.ttl != null) ? "its TTL" : "a release retried in the background", releaseFailure);
			}
			return result;
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public Throwable releaseAfterFailure(Throwable failure) {
		Arguments.requireNonNull("failure", failure);
		boolean interrupted = Thread.interrupted();
		try {
			long heldToken = this.token;
			try {
				release();
			}
			catch (RuntimeException releaseFailure) {
				// The work's own failure wins over a failed release, which rides along as a suppressed exception.
				failure.addSuppressed(releaseFailure);
				releaseInBackground(heldToken);
			}
			LockLostEvent.Detection detection = this.lost;
			if (detection != null && this.provider.lostLockPolicy() == LostLockPolicy.THROW) {
				return new LockLostException(this.key, detection, null, failure);
			}
			return failure;
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public String toString() {
		// Never the owner: it is the lock's credential, and toString ends up in logs. Its fingerprint tells two
		// holders of one key apart without letting anyone restore or release the lock.
		Duration ownTtl = this.ttl;
		return "Lock[key=" + this.key + ", ownerFingerprint=" + getOwnerFingerprint() + ", ttl="
				+ ((ownTtl != null) ? ownTtl : "none") + "]";
	}

	/** Called by the renewer, on its thread, when a renewal found this lock's hold gone or could not confirm it. */
	void lostInBackground(long lostToken, LockLostEvent.Detection detection) {
		// Only if that hold is still this lock's: it may have been released and acquired again meanwhile.
		markLost(lostToken, detection, true);
	}

	// Only renewed locks were ever handed to the renewer: the others skip its map on every release.
	private void stopRenewal() {
		if (this.renewed) {
			this.provider.renewer().stop(this);
		}
	}

	private boolean isHeld() {
		return this.token != 0 && !isLost();
	}

	private void markLost(long lostToken, LockLostEvent.Detection detection) {
		markLost(lostToken, detection, false);
	}

	private void markLost(long lostToken, LockLostEvent.Detection detection, boolean onlyIfStillHeld) {
		synchronized (this) {
			if (this.lost != null || (onlyIfStillHeld && this.token != lostToken)) {
				return;
			}
			this.lost = detection;
		}
		// Outside the monitor: a slow listener must not hold up acquires, nor the renewals of other locks.
		logger.warn("Lock '{}' was lost (found by {}): another holder may have run the same work", this.key,
				detection.description());
		publish(new LockLostEvent(this, origin(), lostToken, detection));
	}

	private Attempt tryAcquire() {
		runOwedCleanups();
		Duration ownTtl = this.ttl;
		long attemptId = newAttemptId();
		long sentAt = this.provider.ticker().read();
		AcquireResult result;
		try {
			result = backend("acquire", () -> adapter().acquire(this.qualifiedKey, this.owner, ownTtl, attemptId));
		}
		catch (LockBackendException | LockInterruptedException ex) {
			if (!isHeld()) {
				undoInBackground(attemptId, ownTtl);
			}
			throw ex;
		}
		return accept(result, sentAt, attemptId, ownTtl);
	}

	private void runOwedCleanups() {
		OwedCleanups owed = this.owedCleanups;
		if (owed != null && !owed.isEmpty()) {
			backend("clean up before acquiring", () -> {
				owed.runAll(adapter(), this.qualifiedKey, this.owner, this.provider.ticker());
				return null;
			});
		}
	}

	// Takes what the backend answered to an attempt sent at sentAt (or a grant awaited since then) as this lock's.
	private Attempt accept(AcquireResult result, long sentAt, long attemptId, @Nullable Duration ownTtl) {
		if (result instanceof AcquireResult.Unavailable unavailable) {
			return new Attempt(WaitOutcome.TIMED_OUT, unavailable.remainingTime());
		}
		long newToken;
		Duration holdLife;
		if (result instanceof AcquireResult.Acquired acquired) {
			newToken = acquired.token();
			holdLife = ownTtl;
		}
		else {
			// An existing hold of the same owner keeps its own expiry: that, not this lock's TTL, is what it has left.
			AcquireResult.AlreadyHeld held = (AcquireResult.AlreadyHeld) result;
			newToken = held.token();
			holdLife = held.remainingTime();
		}
		if (holdLife != null && this.provider.ticker().read() - sentAt >= saturatedNanos(holdLife)) {
			// The answer came back after the hold's time ran out: whatever the backend gave may be another's by now.
			logger.debug("Acquire of lock '{}' returned after its hold's time of {}; counted as not acquired", this.key,
					holdLife);
			if (result instanceof AcquireResult.Acquired) {
				// Not given up at the TTL: this JVM's ticker says the TTL is over, yet the backend said it was not.
				undoInBackground(attemptId, null);
				// That undo frees this attempt id's hold, whenever it runs: a wait must go on under another id.
				return new Attempt(WaitOutcome.START_AGAIN, null);
			}
			return new Attempt(WaitOutcome.TIMED_OUT, null);
		}
		synchronized (this) {
			if (this.holdAtLeast != null && newToken != this.token) {
				// A new hold's minimum runs from when the backend's answer arrived; the same hold's keeps its start.
				this.acquiredAt = this.provider.ticker().read();
			}
			this.token = newToken;
			this.lost = null;
		}
		if (this.renewed && ownTtl != null) {
			// Timed as if confirmed when the hold's remaining time was a whole TTL: its real expiry, not a later one.
			long confirmedAt = (holdLife != null) ? sentAt + saturatedNanos(holdLife) - saturatedNanos(ownTtl) : sentAt;
			this.provider.renewer().renew(this, adapter(), this.qualifiedKey, newToken, ownTtl, confirmedAt);
		}
		return new Attempt(WaitOutcome.ACQUIRED, null);
	}

	// The backend may have applied the acquire before it failed (a timeout after the write reached Redis). Nobody
	// would ever release that lock, and one without expiry would be held for good. The undo frees only the hold this
	// attempt created, never one the same owner has through another lock object, and it runs in the background, so
	// that the failed call returns within one backend timeout, and before this lock's next acquire (OwedCleanups
	// says why); one with a TTL is given up when the TTL has run out.
	private void undoInBackground(long attemptId, @Nullable Duration attemptTtl) {
		undoInBackground(attemptId, attemptTtl, this.provider.ticker().read());
	}

	// The attempt's hold can be made until lastHoldStart (a wait's entry can be handed the key until its wait time is
	// over), and then lives one TTL: the undo is given up only after that.
	private void undoInBackground(long attemptId, @Nullable Duration attemptTtl, long lastHoldStart) {
		OwedCleanups owed = owedCleanups();
		long givenUpAt = (attemptTtl != null) ? saturatedAdd(lastHoldStart, saturatedNanos(attemptTtl)) : 0;
		owed.undo(attemptId, attemptTtl != null, givenUpAt);
		cleanUpInBackground(owed, "undo of a failed acquire");
	}

	private static long saturatedAdd(long a, long b) {
		long sum = a + b;
		return (((a ^ sum) & (b ^ sum)) < 0) ? Long.MAX_VALUE : sum;
	}

	// A lock without expiry whose release failed would be held for good by a process that has moved on. Only that
	// hold: a token-checked release, owed before this lock's next acquire.
	private void releaseInBackground(long heldToken) {
		if (this.ttl != null || heldToken == 0) {
			return;
		}
		OwedCleanups owed = owedCleanups();
		owed.release(heldToken);
		cleanUpInBackground(owed, "release of a lock without expiry");
	}

	private void cleanUpInBackground(OwedCleanups owed, String what) {
		Ticker ticker = this.provider.ticker();
		this.provider.maintenance().retryUntilDone(what, () -> {
			owed.runAll(adapter(), this.qualifiedKey, this.owner, ticker);
			return true;
		});
	}

	private synchronized OwedCleanups owedCleanups() {
		OwedCleanups owed = this.owedCleanups;
		if (owed == null) {
			owed = new OwedCleanups();
			this.owedCleanups = owed;
		}
		return owed;
	}

	private static long newAttemptId() {
		long id;
		do {
			id = ThreadLocalRandom.current().nextLong();
		}
		while (id == 0);
		return id;
	}

	// "Wait forever" is a valid wait time: the deadline saturates instead of overflowing.
	private static long deadline(long now, Duration waitTime) {
		long waitNanos = saturatedNanos(waitTime);
		return (waitNanos > Long.MAX_VALUE / 2) ? now + Long.MAX_VALUE / 2 : now + waitNanos;
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	private boolean refreshFor(Duration newTtl) {
		return observe(LockOperation.REFRESH, () -> {
			long heldToken = this.token;
			boolean believedHeld = isHeld();
			long sentAt = this.provider.ticker().read();
			UpdateResult result = backend("refresh",
					() -> adapter().refresh(this.qualifiedKey, this.owner, heldToken, newTtl));
			if (result == UpdateResult.UPDATED) {
				this.ttl = newTtl;
				if (this.renewed && believedHeld) {
					this.provider.renewer().renew(this, adapter(), this.qualifiedKey, heldToken, newTtl, sentAt);
				}
				publish(new LockRefreshedEvent(this, origin(), newTtl, heldToken));
				return true;
			}
			publish(new LockRefreshFailedEvent(this, origin()));
			if (believedHeld && result != UpdateResult.NEVER_EXPIRES) {
				stopRenewal();
				markLost(heldToken, LockLostEvent.Detection.REFRESH);
			}
			return false;
		});
	}

	private <T extends @Nullable Object> T observe(LockOperation operation, Supplier<T> call) {
		return this.provider.observer().observe(operation, this, call);
	}

	// The lock is released on every path; see releaseAfterWork and releaseAfterFailure for what a lost lock and a
	// failed release do.
	@SuppressWarnings("unchecked")
	private <T extends @Nullable Object, E extends Throwable> T callThenRelease(LockedCallable<T, E> work) throws E {
		T value;
		try {
			value = work.call();
		}
		catch (Throwable failure) {
			Throwable thrown = releaseAfterFailure(failure);
			if (thrown instanceof RuntimeException runtime) {
				throw runtime;
			}
			if (thrown instanceof Error error) {
				throw error;
			}
			throw (E) thrown;
		}
		return releaseAfterWork(value);
	}

	// A false positive: outside JSpecify mode (not on JDK 17) NullAway ignores the @Nullable type argument.
	@SuppressWarnings("NullAway")
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
		catch (SemaphoreLimitMismatchException | LockUpgradeException ex) {
			// A semaphore's or read-write lock's refusal, decided by the backend with nothing changed: not a fault.
			throw ex;
		}
		catch (RuntimeException ex) {
			if (Thread.currentThread().isInterrupted() || causedByInterrupt(ex)) {
				// An interrupt, not a backend fault: no unexpected-error event, and the caller sees why.
				Thread.currentThread().interrupt();
				throw new LockInterruptedException(this.key, operation, ex);
			}
			publish(new LockUnexpectedErrorEvent(this, origin(), ex));
			throw new LockBackendException(this.key, operation, ex);
		}
	}

	private static boolean causedByInterrupt(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			// By name too: clients wrap interrupts in their own types (Lettuce's RedisCommandInterruptedException).
			if (cause instanceof InterruptedException || cause instanceof ClosedByInterruptException
					|| cause.getClass().getSimpleName().endsWith("InterruptedException")) {
				return true;
			}
			if (cause.getCause() == cause) {
				break;
			}
		}
		return false;
	}

	private void publish(LockEvent event) {
		try {
			this.provider.eventBus().publish(event);
		}
		catch (RuntimeException ex) {
			// The bus should isolate its listeners; if it does not, the lock operation still stands.
			logger.warn("Lock event bus failed to publish {}", event.getClass().getSimpleName(), ex);
		}
	}

	private String origin() {
		return this.provider.getInstanceId();
	}

	private LockAdapter adapter() {
		return this.adapter;
	}



	/**
	 * One acquire attempt's outcome, with when the holder's lock ends if another holds the key.
	 * @param outcome {@code TIMED_OUT} if not acquired (yet)
	 */
	private record Attempt(WaitOutcome outcome, @Nullable Duration holderRemaining) {

		boolean acquired() {
			return this.outcome == WaitOutcome.ACQUIRED;
		}

	}

	/** How a wait in line ended. */
	private enum WaitOutcome {

		/** The key is this lock's. */
		ACQUIRED,

		/** Not acquired: for an attempt, not yet; for a wait, its wait time is over. */
		TIMED_OUT,

		/** An undo of this wait's attempt id is owed: go on waiting under a new one. */
		START_AGAIN

	}

}
