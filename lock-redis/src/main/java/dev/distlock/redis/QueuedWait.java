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

	// The token of a grant not yet taken by awaitGrant; 0 for none.
	private volatile long grant;

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
			return take(granted);
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
	public AcquireResult.@Nullable Acquired awaitGrant(Duration timeout) throws InterruptedException {
		long granted = this.grant;
		if (granted == 0) {
			boolean woken = this.wakeUps.tryAcquire(saturatedNanos(timeout), TimeUnit.NANOSECONDS);
			granted = this.grant;
			if (!woken && granted == 0) {
				// The holder's TTL or the poll interval ran out: the next attempt asks Redis.
				this.askRedis = true;
			}
		}
		if (granted == 0) {
			return null;
		}
		AcquireResult result = take(granted);
		return (AcquireResult.Acquired) result;
	}

	@Override
	public void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		detach();
		if (this.taken || (!this.inLine && this.grant == 0)) {
			return;
		}
		this.line.redis.lock();
		try {
			// Out of Redis's line; and if the key was handed to this wait meanwhile, on to the next.
			this.lines.leave(this.key, this.owner, this.attemptId, this.entryId);
			this.inLine = false;
		}
		finally {
			this.line.redis.unlock();
		}
	}

	/** A grant to this wait's entry: from a release here, or a message. Never blocks. */
	void granted(long token) {
		if (this.closed) {
			return;
		}
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

	void markNotInLine() {
		this.inLine = false;
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

	private AcquireResult take(long token) {
		this.taken = true;
		detach();
		return new AcquireResult.Acquired(token);
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
