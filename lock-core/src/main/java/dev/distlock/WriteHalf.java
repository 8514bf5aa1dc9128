package dev.distlock;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

/**
 * A read-write lock's write half: its {@link DefaultLock}, and before every acquire the check that the read half does
 * not hold the key (an upgrade would wait for itself). Local and free: the read half knows whether it holds.
 */
final class WriteHalf implements Lease {

	private final DefaultLock write;

	private final DefaultLock read;

	WriteHalf(DefaultLock write, DefaultLock read) {
		this.write = write;
		this.read = read;
	}

	private void refuseUpgrade() {
		if (this.read.holdsLocally()) {
			throw new LockUpgradeException(this.write.getKey());
		}
	}

	@Override
	public boolean acquire() {
		refuseUpgrade();
		return this.write.acquire();
	}


	@Override
	public void acquireOrFail() {
		refuseUpgrade();
		this.write.acquireOrFail();
	}


	@Override
	public boolean acquireBlocking() {
		refuseUpgrade();
		return this.write.acquireBlocking();
	}


	@Override
	public boolean acquireBlocking(BlockingSettings settings) {
		refuseUpgrade();
		return this.write.acquireBlocking(settings);
	}


	@Override
	public void acquireBlockingOrFail() {
		refuseUpgrade();
		this.write.acquireBlockingOrFail();
	}


	@Override
	public void acquireBlockingOrFail(BlockingSettings settings) {
		refuseUpgrade();
		this.write.acquireBlockingOrFail(settings);
	}


	@Override
	public boolean release() {
		return this.write.release();
	}


	@Override
	public void releaseOrFail() {
		this.write.releaseOrFail();
	}


	@Override
	public boolean refresh() {
		return this.write.refresh();
	}


	@Override
	public boolean refresh(Duration ttl) {
		return this.write.refresh(ttl);
	}


	@Override
	public void refreshOrFail() {
		this.write.refreshOrFail();
	}


	@Override
	public void refreshOrFail(Duration ttl) {
		this.write.refreshOrFail(ttl);
	}


	@Override
	public RemainingTime getRemainingTime() {
		return this.write.getRemainingTime();
	}


	@Override
	public String getOwner() {
		return this.write.getOwner();
	}


	@Override
	public String getKey() {
		return this.write.getKey();
	}


	@Override
	public Expiry.Resolved getExpiry() {
		return this.write.getExpiry();
	}


	@Override
	public OptionalLong getFencingToken() {
		return this.write.getFencingToken();
	}


	@Override
	public boolean isLost() {
		return this.write.isLost();
	}


	@Override
	public boolean isRenewed() {
		return this.write.isRenewed();
	}


	@Override
	public Optional<String> getName() {
		return this.write.getName();
	}


	@Override
	public <T extends @Nullable Object> T releaseAfterWork(T result) {
		return this.write.releaseAfterWork(result);
	}


	@Override
	public Throwable releaseAfterFailure(Throwable failure) {
		return this.write.releaseAfterFailure(failure);
	}


	@Override
	public <T extends @Nullable Object, E extends Throwable> LockResult<T> run(LockedCallable<T, E> work) throws E {
		refuseUpgrade();
		return this.write.run(work);
	}


	@Override
	public <E extends Throwable> LockResult<@Nullable Void> run(LockedRunnable<E> work) throws E {
		refuseUpgrade();
		return this.write.run(work);
	}


	@Override
	public <T extends @Nullable Object, E extends Throwable> T runOrFail(LockedCallable<T, E> work) throws E {
		refuseUpgrade();
		return this.write.runOrFail(work);
	}


	@Override
	public <E extends Throwable> void runOrFail(LockedRunnable<E> work) throws E {
		refuseUpgrade();
		this.write.runOrFail(work);
	}


	@Override
	public <T extends @Nullable Object, E extends Throwable> LockResult<T> runBlocking(LockedCallable<T, E> work) throws E {
		refuseUpgrade();
		return this.write.runBlocking(work);
	}


	@Override
	public <E extends Throwable> LockResult<@Nullable Void> runBlocking(LockedRunnable<E> work) throws E {
		refuseUpgrade();
		return this.write.runBlocking(work);
	}


	@Override
	public <T extends @Nullable Object, E extends Throwable> LockResult<T> runBlocking(LockedCallable<T, E> work, BlockingSettings settings) throws E {
		refuseUpgrade();
		return this.write.runBlocking(work, settings);
	}


	@Override
	public <E extends Throwable> LockResult<@Nullable Void> runBlocking(LockedRunnable<E> work, BlockingSettings settings) throws E {
		refuseUpgrade();
		return this.write.runBlocking(work, settings);
	}


	@Override
	public <T extends @Nullable Object, E extends Throwable> T runBlockingOrFail(LockedCallable<T, E> work) throws E {
		refuseUpgrade();
		return this.write.runBlockingOrFail(work);
	}


	@Override
	public <E extends Throwable> void runBlockingOrFail(LockedRunnable<E> work) throws E {
		refuseUpgrade();
		this.write.runBlockingOrFail(work);
	}


	@Override
	public <T extends @Nullable Object, E extends Throwable> T runBlockingOrFail(LockedCallable<T, E> work, BlockingSettings settings) throws E {
		refuseUpgrade();
		return this.write.runBlockingOrFail(work, settings);
	}


	@Override
	public <E extends Throwable> void runBlockingOrFail(LockedRunnable<E> work, BlockingSettings settings) throws E {
		refuseUpgrade();
		this.write.runBlockingOrFail(work, settings);
	}

	@Override
	public String toString() {
		return "WriteLock[" + this.write + "]";
	}

}
