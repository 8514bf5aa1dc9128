package dev.distlock.redis;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

import org.jspecify.annotations.Nullable;

import dev.distlock.BlockingSettings;
import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.LockResult;
import dev.distlock.LockState;
import dev.distlock.LockedCallable;
import dev.distlock.LockedRunnable;
import dev.distlock.RemainingTime;

/**
 * The lock of an event received from another instance whose bus sends owners' fingerprints, not owners (the
 * default): it stands for the sender's lock, but it owns nothing, because the owner, the lock's credential, never
 * came.
 *
 * <p>{@link #getOwner()} is the sender's owner's {@linkplain dev.distlock.OwnerFingerprint fingerprint}: 16 hex
 * digits, the same the sender's logs and endpoint show, so that listeners can tell holders apart. What needs no
 * owner reads the key as a lock of the receiving provider does ({@link #isLocked()}, {@link #isExpired()},
 * {@link #getState()}, which sees another owner's hold, and the payload's key, TTL and fencing token). Everything an
 * owner does, acquire, release, refresh, force release, the {@code run} methods and {@link #toHandle()}, throws
 * {@link UnsupportedOperationException} at once and never reaches the backend: a received fingerprint can neither
 * release nor refresh the real holder's lock, nor take the key.
 */
final class OwnerlessLock implements Lock {

	private final String namespace;

	private final Lock reader;

	private final String ownerFingerprint;

	/**
	 * Wraps the lock that reads the key.
	 * @param namespace the namespace root of the sender's lock, which is the receiving provider's
	 * @param reader a lock of the receiving provider on the key, with the payload's TTL and token and an owner of its
	 * own that nobody holds; only its reads are used
	 * @param ownerFingerprint the sender's owner's fingerprint
	 */
	OwnerlessLock(String namespace, Lock reader, String ownerFingerprint) {
		this.namespace = namespace;
		this.reader = reader;
		this.ownerFingerprint = ownerFingerprint;
	}

	/**
	 * The namespace root of the lock.
	 * @return the namespace root
	 */
	String getNamespace() {
		return this.namespace;
	}

	/**
	 * The fingerprint of the sender's owner, as {@code OwnerFingerprint.of(owner)} gives it there: the same as
	 * {@link #getOwner()}, not a fingerprint of it.
	 * @return 16 lower-case hex digits
	 */
	@Override
	public String getOwnerFingerprint() {
		return this.ownerFingerprint;
	}

	/**
	 * The sender's owner's fingerprint, standing in for the owner, which did not travel.
	 * @return 16 lower-case hex digits
	 */
	@Override
	public String getOwner() {
		return this.ownerFingerprint;
	}

	@Override
	public String getKey() {
		return this.reader.getKey();
	}

	@Override
	public Expiry.Resolved getExpiry() {
		return this.reader.getExpiry();
	}

	@Override
	public OptionalLong getFencingToken() {
		return this.reader.getFencingToken();
	}

	@Override
	public boolean isLost() {
		return false;
	}

	@Override
	public boolean isRenewed() {
		return this.reader.isRenewed();
	}

	@Override
	public Optional<String> getName() {
		return Optional.empty();
	}

	@Override
	public boolean isExpired() {
		return this.reader.isExpired();
	}

	@Override
	public boolean isLocked() {
		return this.reader.isLocked();
	}

	/**
	 * Always not held: this lock holds nothing.
	 * @return {@link RemainingTime#notHeld()}
	 */
	@Override
	public RemainingTime getRemainingTime() {
		return RemainingTime.notHeld();
	}

	/**
	 * The key's state from the point of view of an owner that holds nothing: expired, or unavailable (held).
	 * @return the state
	 */
	@Override
	public LockState getState() {
		return this.reader.getState();
	}

	@Override
	public boolean acquire() {
		throw refused("acquire");
	}

	@Override
	public void acquireOrFail() {
		throw refused("acquire");
	}

	@Override
	public boolean acquireBlocking() {
		throw refused("acquire");
	}

	@Override
	public boolean acquireBlocking(BlockingSettings settings) {
		throw refused("acquire");
	}

	@Override
	public void acquireBlockingOrFail() {
		throw refused("acquire");
	}

	@Override
	public void acquireBlockingOrFail(BlockingSettings settings) {
		throw refused("acquire");
	}

	@Override
	public boolean release() {
		throw refused("release");
	}

	@Override
	public void releaseOrFail() {
		throw refused("release");
	}

	@Override
	public boolean forceRelease() {
		throw refused("force release");
	}

	@Override
	public boolean refresh() {
		throw refused("refresh");
	}

	@Override
	public boolean refresh(Duration ttl) {
		throw refused("refresh");
	}

	@Override
	public void refreshOrFail() {
		throw refused("refresh");
	}

	@Override
	public void refreshOrFail(Duration ttl) {
		throw refused("refresh");
	}

	@Override
	public LockHandle toHandle() {
		throw refused("be handed on");
	}

	@Override
	public <T extends @Nullable Object> T releaseAfterWork(T result) {
		throw refused("release");
	}

	@Override
	public Throwable releaseAfterFailure(Throwable failure) {
		throw refused("release");
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> LockResult<T> run(LockedCallable<T, E> work) {
		throw refused("run work");
	}

	@Override
	public <E extends Throwable> LockResult<@Nullable Void> run(LockedRunnable<E> work) {
		throw refused("run work");
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> T runOrFail(LockedCallable<T, E> work) {
		throw refused("run work");
	}

	@Override
	public <E extends Throwable> void runOrFail(LockedRunnable<E> work) {
		throw refused("run work");
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> LockResult<T> runBlocking(LockedCallable<T, E> work) {
		throw refused("run work");
	}

	@Override
	public <E extends Throwable> LockResult<@Nullable Void> runBlocking(LockedRunnable<E> work) {
		throw refused("run work");
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> LockResult<T> runBlocking(LockedCallable<T, E> work,
			BlockingSettings settings) {
		throw refused("run work");
	}

	@Override
	public <E extends Throwable> LockResult<@Nullable Void> runBlocking(LockedRunnable<E> work,
			BlockingSettings settings) {
		throw refused("run work");
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> T runBlockingOrFail(LockedCallable<T, E> work) {
		throw refused("run work");
	}

	@Override
	public <E extends Throwable> void runBlockingOrFail(LockedRunnable<E> work) {
		throw refused("run work");
	}

	@Override
	public <T extends @Nullable Object, E extends Throwable> T runBlockingOrFail(LockedCallable<T, E> work,
			BlockingSettings settings) {
		throw refused("run work");
	}

	@Override
	public <E extends Throwable> void runBlockingOrFail(LockedRunnable<E> work, BlockingSettings settings) {
		throw refused("run work");
	}

	@Override
	public String toString() {
		// As the sender's lock shows itself, without its owner.
		Duration ttl = getExpiry().ttlOrNull();
		return "Lock[key=" + getKey() + ", ownerFingerprint=" + this.ownerFingerprint + ", ttl="
				+ ((ttl != null) ? ttl : "none") + ", received without its owner]";
	}

	private UnsupportedOperationException refused(String operation) {
		return new UnsupportedOperationException("This lock came in a lock event from another instance, which sent "
				+ "its owner's fingerprint, not the owner, the lock's credential: it cannot " + operation
				+ ". Have the other instances' RedisLockEventBus include owners "
				+ "(distlock.events.cross-instance.include-owners in Spring Boot) to receive live locks, or create a "
				+ "lock of your own on the key");
	}

}
