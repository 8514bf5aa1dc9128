package dev.distlock;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.SemaphoreHolders;
import org.jspecify.annotations.Nullable;

/**
 * The standard {@link Semaphore}: its owner's slot is a {@link DefaultLock} on the semaphore's view of its backend
 * ({@link SemaphoreSlots}), so a slot has every guarantee a lock has; this class adds the key-wide parts.
 */
final class DefaultSemaphore implements Semaphore {

	private final DefaultLock slot;

	private final SemaphoreSlots slots;

	private final Namespace namespace;

	DefaultSemaphore(DefaultLock slot, SemaphoreSlots slots, Namespace namespace) {
		this.slot = slot;
		this.slots = slots;
		this.namespace = namespace;
	}

	@Override
	public int getLimit() {
		return this.slots.limit();
	}

	@Override
	public SemaphoreState getState() {
		SemaphoreHolders holders = this.slot.readState(this.slots.semaphores()::holders);
		RemainingTime own = RemainingTime.notHeld();
		for (LockHolder holder : holders.holders()) {
			if (holder.owner().equals(this.slot.getOwner())) {
				own = RemainingTime.ofHold(holder.remainingTime());
			}
		}
		int limit = (holders.limit() > 0) ? holders.limit() : this.slots.limit();
		return new SemaphoreState(limit, holders.holders().size(), own);
	}

	@Override
	public int forceReleaseAll() {
		return this.slot.forceReleaseAll(this.slots.semaphores()::forceReleaseAll);
	}

	@Override
	public SemaphoreHandle toHandle() {
		return new SemaphoreHandle(this.slot.toHandle(), this.slots.limit());
	}

	@Override
	public boolean acquire() {
		return this.slot.acquire();
	}

	@Override
	public void acquireOrFail() {
		this.slot.acquireOrFail();
	}

	@Override
	public boolean acquireBlocking() {
		return this.slot.acquireBlocking();
	}

	@Override
	public boolean acquireBlocking(BlockingSettings settings) {
		return this.slot.acquireBlocking(settings);
	}

	@Override
	public void acquireBlockingOrFail() {
		this.slot.acquireBlockingOrFail();
	}

	@Override
	public void acquireBlockingOrFail(BlockingSettings settings) {
		this.slot.acquireBlockingOrFail(settings);
	}

	@Override
	public boolean release() {
		return this.slot.release();
	}

	@Override
	public void releaseOrFail() {
		this.slot.releaseOrFail();
	}

	@Override
	public boolean refresh() {
		return this.slot.refresh();
	}

	@Override
	public boolean refresh(Duration ttl) {
		return this.slot.refresh(ttl);
	}

	@Override
	public void refreshOrFail() {
		this.slot.refreshOrFail();
	}

	@Override
	public void refreshOrFail(Duration ttl) {
		this.slot.refreshOrFail(ttl);
	}

	@Override
	public RemainingTime getRemainingTime() {
		return this.slot.getRemainingTime();
	}

	@Override
	public String getOwner() {
		return this.slot.getOwner();
	}

	@Override
	public String getKey() {
		return this.slot.getKey();
	}

	@Override
	public Expiry.Resolved getExpiry() {
		return this.slot.getExpiry();
	}

	@Override
	public OptionalLong getFencingToken() {
		return this.slot.getFencingToken();
	}

	@Override
	public boolean isLost() {
		return this.slot.isLost();
	}

	@Override
	public boolean isRenewed() {
		return this.slot.isRenewed();
	}

	@Override
	public Optional<String> getName() {
		return this.slot.getName();
	}

	@Override
	public <T extends @Nullable Object> T releaseAfterWork(T result) {
		return this.slot.releaseAfterWork(result);
	}

	@Override
	public Throwable releaseAfterFailure(Throwable failure) {
		return this.slot.releaseAfterFailure(failure);
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> LockResult<T> run(LockedCallable<T, E> work) throws E {
		return this.slot.run(work);
	}

	@Override
	public <E extends Throwable> LockResult<@Nullable Void> run(LockedRunnable<E> work) throws E {
		return this.slot.run(work);
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> T runOrFail(LockedCallable<T, E> work) throws E {
		return this.slot.runOrFail(work);
	}

	@Override
	public <E extends Throwable> void runOrFail(LockedRunnable<E> work) throws E {
		this.slot.runOrFail(work);
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> LockResult<T> runBlocking(LockedCallable<T, E> work) throws E {
		return this.slot.runBlocking(work);
	}

	@Override
	public <E extends Throwable> LockResult<@Nullable Void> runBlocking(LockedRunnable<E> work) throws E {
		return this.slot.runBlocking(work);
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> LockResult<T> runBlocking(LockedCallable<T, E> work, BlockingSettings settings) throws E {
		return this.slot.runBlocking(work, settings);
	}

	@Override
	public <E extends Throwable> LockResult<@Nullable Void> runBlocking(LockedRunnable<E> work, BlockingSettings settings) throws E {
		return this.slot.runBlocking(work, settings);
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> T runBlockingOrFail(LockedCallable<T, E> work) throws E {
		return this.slot.runBlockingOrFail(work);
	}

	@Override
	public <E extends Throwable> void runBlockingOrFail(LockedRunnable<E> work) throws E {
		this.slot.runBlockingOrFail(work);
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> T runBlockingOrFail(LockedCallable<T, E> work, BlockingSettings settings) throws E {
		return this.slot.runBlockingOrFail(work, settings);
	}

	@Override
	public <E extends Throwable> void runBlockingOrFail(LockedRunnable<E> work, BlockingSettings settings) throws E {
		this.slot.runBlockingOrFail(work, settings);
	}

	@Override
	public String toString() {
		return "Semaphore[namespace=" + this.namespace + ", key=" + getKey() + ", limit=" + getLimit()
				+ ", ownerFingerprint=" + getOwnerFingerprint() + "]";
	}

}
