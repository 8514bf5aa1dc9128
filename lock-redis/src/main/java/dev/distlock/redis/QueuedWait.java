package dev.distlock.redis;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockWait;

/**
 * One blocking acquire's wait on Redis: its place in this process's {@link WaitLine} of the key and, while it is the
 * head of that line, its entry in the key's line in Redis.
 *
 * <p>Only the head asks Redis: an attempt of any other waiter of the same key in this process is answered here, since
 * the head goes first. The head's first attempt joins the line in Redis in the same step as it finds the key held;
 * after that, attempts ask Redis again only when there is reason to (a wait that timed out, since the holder's TTL
 * or the poll interval ran out; or a hint that messages were missed). A grant, from a release in this process or a
 * message from another, completes the wait in memory.
 */
final class QueuedWait implements LockWait {

	private final WaitLines lines;

	private final WaitLine line;

	private final String key;

	private final String entryId;

	private final String owner;

	private final @Nullable Duration ttl;

	private final String attemptId;

	private final long deadline;

	private final String channel;

	// At most one permit: a wake-up (grant, new head, hint) seen while the waiter was busy is kept for its next wait.
	private final Semaphore wakeUps = new Semaphore(0);

	// An entry of this wait may be in Redis's line: set before any call that may put it there, cleared once it cannot.
	private volatile boolean inLine;

	// The token of a grant not yet taken by awaitGrant; 0 for none. Written after grantNotBefore.
	private volatile long grant;

	// System.nanoTime() of the send of the backend call after which the grant happened.
	private volatile long grantNotBefore;

	// The key was returned to the caller: leaving is only forgetting.
	private volatile boolean taken;

	private volatile boolean askRedis;

	private volatile boolean closed;

	// Out of this process's line, and the subscription no longer used for it: exactly once.
	private final AtomicBoolean detached = new AtomicBoolean();

	QueuedWait(WaitLines lines, WaitLine line, String key, String entryId, String owner, @Nullable Duration ttl,
			String attemptId, Duration waitTime, String channel) {
		this.lines = lines;
		this.line = line;
		this.key = key;
		this.entryId = entryId;
		this.owner = owner;
		this.ttl = ttl;
		this.attemptId = attemptId;
		long now = System.nanoTime();
		long waitNanos = saturatedNanos(waitTime);
		this.deadline = (waitNanos > Long.MAX_VALUE / 2) ? now + Long.MAX_VALUE / 2 : now + waitNanos;
		this.channel = channel;
	}

	@Override
	public AcquireResult attempt() {
		long granted = this.grant;
		if (granted != 0) {
			take(granted);
			// The key was handed over after this wait's last call was sent: an attempt now finds it held by this
			// owner, adopts it, and answers with its real remaining time, which a grant's age cannot give here.
		}
		if (this.taken) {
			// Out of the line (found the key held by this owner, too late to count): plain attempts from now on.
			return this.lines.acquire(this.key, this.owner, this.ttl, Long.parseLong(this.attemptId));
		}
		if (!this.line.isHead(this) || (this.inLine && !this.askRedis)) {
			// Someone of this process goes first, or this wait is in line and nothing happened since it joined.
			return new AcquireResult.Unavailable(null);
		}
		AcquireResult result;
		this.line.redis.lock();
		try {
			this.inLine = true;
			this.askRedis = false;
			result = this.lines.acquire(this.key, this.owner, this.ttl, Long.parseLong(this.attemptId), this);
		}
		finally {
			this.line.redis.unlock();
		}
		if (!(result instanceof AcquireResult.Unavailable)) {
			// Acquired or found held: either way this wait's entry is out of Redis's line, and the next takes over.
			this.inLine = false;
			this.taken = true;
			detach();
		}
		return result;
	}

	@Override
	public @Nullable Grant awaitGrant(Duration timeout) throws InterruptedException {
		if (this.taken) {
			// Out of the line: plain attempts, each after a full wait (the poll), never back to back.
			this.wakeUps.tryAcquire(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
			return null;
		}
		long granted = this.grant;
		if (granted == 0) {
			boolean woken = this.wakeUps.tryAcquire(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
			granted = this.grant;
			if (!woken && granted == 0) {
				// The holder's TTL or the poll interval ran out: the next attempt asks Redis.
				this.askRedis = true;
			}
		}
		if (granted == 0 || this.taken) {
			return null;
		}
		take(granted);
		return new Grant(granted, Duration.ofNanos(Math.max(0, System.nanoTime() - this.grantNotBefore)));
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		detach();
		// Under the lock that a release holds while it may put this wait in line: never between its mark and its
		// script, so that what this reads is what Redis has.
		this.line.redis.lock();
		try {
			if (this.taken || (!this.inLine && this.grant == 0)) {
				return;
			}
			// An interrupt that ended the wait must not also stop it from leaving: Lettuce refuses to wait then.
			boolean interrupted = Thread.interrupted();
			try {
				// Out of Redis's line; and if the key was handed to this wait meanwhile, on to the next.
				this.lines.leave(this.key, this.owner, this.attemptId, this.entryId);
				this.inLine = false;
			}
			finally {
				if (interrupted) {
					Thread.currentThread().interrupt();
				}
			}
		}
		finally {
			this.line.redis.unlock();
		}
	}

	/**
	 * A grant to this wait's entry, from a release here or a message. Never blocks.
	 * @param token the new fencing token
	 * @param notBefore {@link System#nanoTime()} of the send of a call that Redis ran before the grant
	 */
	void granted(long token, long notBefore) {
		if (this.closed) {
			return;
		}
		this.grantNotBefore = notBefore;
		this.grant = token;
		this.inLine = false;
		wake();
	}

	/** This wait is now first of this process's waiters of the key: it must join Redis's line. */
	void becameHead() {
		wake();
	}

	/** Messages may have been missed: ask Redis at the next attempt. */
	void hint() {
		this.askRedis = true;
		wake();
	}

	void markInLine() {
		this.inLine = true;
	}

	/**
	 * The release that marked this wait in line did not put it there. Wakes it: it may have become the head
	 * meanwhile and skipped joining on the strength of that mark.
	 */
	void markNotInLine() {
		this.inLine = false;
		wake();
	}

	boolean isInLine() {
		return this.inLine;
	}

	String key() {
		return this.key;
	}

	String entryId() {
		return this.entryId;
	}

	String owner() {
		return this.owner;
	}

	String ttlMillis() {
		return WaitLines.ttlMillis(this.ttl);
	}

	String attemptId() {
		return this.attemptId;
	}

	String channel() {
		return this.channel;
	}

	/** What is left of the wait time, for the entry's deadline on the server: at least 1 ms. */
	long waitLeftMillis() {
		long left = this.deadline - System.nanoTime();
		return Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
	}

	private void take(long token) {
		this.taken = true;
		detach();
	}

	private void detach() {
		if (this.detached.compareAndSet(false, true)) {
			this.lines.closed(this, this.line);
		}
	}

	private void wake() {
		if (this.wakeUps.availablePermits() == 0) {
			this.wakeUps.release();
		}
	}

	private static long saturatedNanos(Duration duration) {
		try {
			return duration.toNanos();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

}
