package dev.distlock.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.core.script.RedisScript;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.UpdateResult;

/**
 * The part of the adapter that takes and frees locks: the scripts that do, and this process's waiters of each key
 * ({@link WaitLine}), which the scripts hand released keys to.
 *
 * <p>Every script that frees a key hands it to the first live entry of the key's line in the same step, and tells
 * the caller which entry got it when that entry is this process's: then the waiter is woken here, in memory, without
 * waiting for any message. A grant to another process is announced on that process's grant channel for the key's
 * slot; a release with nobody in line announces nothing.
 */
final class WaitLines {

	private final ScriptExecutor scripts;

	private final String processId;

	private final ConcurrentHashMap<String, WaitLine> lines = new ConcurrentHashMap<>();

	private final ConcurrentHashMap<String, QueuedWait> waitsByEntry = new ConcurrentHashMap<>();

	private volatile @Nullable GrantSubscription subscription;

	WaitLines(ScriptExecutor scripts) {
		this.scripts = scripts;
		this.processId = randomId();
	}

	void listenWith(GrantSubscription subscription) {
		this.subscription = subscription;
	}

	String processId() {
		return this.processId;
	}

	@Nullable GrantSubscription subscription() {
		return this.subscription;
	}

	AcquireResult acquire(String key, String owner, @Nullable Duration ttl, long attempt) {
		return acquire(key, owner, ttl, attempt, null);
	}

	/**
	 * Runs the acquire script.
	 * @param wait the waiter whose entry joins the line if the key is held, or {@code null} for a plain attempt
	 */
	AcquireResult acquire(String key, String owner, @Nullable Duration ttl, long attempt, @Nullable QueuedWait wait) {
		List<String> args = new ArrayList<>(6);
		args.add(owner);
		args.add(ttlMillis(ttl));
		args.add(Long.toString(attempt));
		args.add(LockKeys.grantChannel(key, this.processId));
		args.add((wait != null) ? wait.entryId() : "");
		args.add((wait != null) ? Long.toString(wait.waitLeftMillis()) : "0");
		long sentAt = System.nanoTime();
		List<?> reply = RedisReplies.array(run(RedisLockScripts.ACQUIRE, key, args), 5);
		grantedHere(reply.get(3), reply.get(4), sentAt);
		long status = RedisReplies.integer(reply.get(0));
		Duration remaining = RedisReplies.remaining(reply.get(2));
		if (status == 0) {
			return new AcquireResult.Acquired(RedisReplies.token(reply.get(1)));
		}
		if (status == 1) {
			return new AcquireResult.AlreadyHeld(RedisReplies.token(reply.get(1)), remaining);
		}
		if (status == 2) {
			return new AcquireResult.Unavailable(remaining);
		}
		throw new IllegalStateException("Unexpected status " + status + " from the acquire script");
	}

	UpdateResult release(String key, String owner, long token) {
		WaitLine line = this.lines.get(key);
		if (line == null) {
			return release(key, owner, token, null).result();
		}
		line.redis.lock();
		try {
			// In line from before the call is sent: a leave that follows sees it, and takes the entry out again.
			QueuedWait next = line.nextToJoin();
			Released released = release(key, owner, token, next);
			if (next != null && !released.nextJoined()) {
				// Only on a reply that says so: after a failed call the entry may be in line, and a leave is cheap.
				next.markNotInLine();
			}
			return released.result();
		}
		finally {
			line.redis.unlock();
		}
	}

	private Released release(String key, String owner, long token, @Nullable QueuedWait next) {
		List<String> args = new ArrayList<>(8);
		args.add(owner);
		args.add(Long.toString(token));
		args.add(LockKeys.grantChannel(key, this.processId));
		if (next != null) {
			args.add(next.entryId());
			args.add(next.owner());
			args.add(next.ttlMillis());
			args.add(next.attemptId());
			args.add(Long.toString(next.waitLeftMillis()));
		}
		long sentAt = System.nanoTime();
		List<?> reply = RedisReplies.array(run(RedisLockScripts.RELEASE, key, args), 4);
		grantedHere(reply.get(1), reply.get(2), sentAt);
		return new Released(RedisReplies.update(reply.get(0)), RedisReplies.integer(reply.get(3)) == 1);
	}

	boolean forceRelease(String key) {
		long sentAt = System.nanoTime();
		List<?> reply = RedisReplies.array(
				run(RedisLockScripts.FORCE_RELEASE, key, List.of(LockKeys.grantChannel(key, this.processId))), 3);
		grantedHere(reply.get(1), reply.get(2), sentAt);
		return RedisReplies.integer(reply.get(0)) == 1;
	}

	/**
	 * Takes the entry of {@code owner} and {@code attempt} out of the key's line and frees the hold that attempt got,
	 * if any, handing it on: the undo of an acquire whose outcome is unknown, and a waiter's leaving.
	 * @param entryId the entry, or {@code null} to find it by owner and attempt
	 * @return whether a hold was freed
	 */
	boolean leave(String key, String owner, String attempt, @Nullable String entryId) {
		List<String> args = new ArrayList<>(4);
		args.add(owner);
		args.add(attempt);
		args.add(LockKeys.grantChannel(key, this.processId));
		if (entryId != null) {
			args.add(entryId);
		}
		long sentAt = System.nanoTime();
		List<?> reply = RedisReplies.array(run(RedisLockScripts.LEAVE, key, args), 3);
		grantedHere(reply.get(1), reply.get(2), sentAt);
		return RedisReplies.integer(reply.get(0)) == 1;
	}

	QueuedWait open(String key, String owner, @Nullable Duration ttl, long attempt, Duration waitTime) {
		String channel = LockKeys.grantChannel(key, this.processId);
		GrantSubscription listening = this.subscription;
		if (listening != null) {
			// Before the first attempt: a grant announced after this wait joins the line must be heard.
			listening.use(channel);
		}
		String entryId = randomId();
		QueuedWait[] opened = new QueuedWait[1];
		// Joined inside the map's compute, which is also where an empty line is dropped: never a line nobody finds.
		this.lines.compute(key, (k, existing) -> {
			WaitLine line = (existing != null) ? existing : new WaitLine();
			opened[0] = new QueuedWait(this, line, key, entryId, owner, ttl, Long.toString(attempt),
					waitTime, channel);
			line.add(opened[0]);
			return line;
		});
		QueuedWait wait = opened[0];
		this.waitsByEntry.put(entryId, wait);
		return wait;
	}

	void closed(QueuedWait wait, WaitLine line) {
		this.waitsByEntry.remove(wait.entryId());
		this.lines.computeIfPresent(wait.key(), (k, existing) -> {
			line.remove(wait);
			return (existing == line && line.isEmpty()) ? null : existing;
		});
		GrantSubscription listening = this.subscription;
		if (listening != null) {
			listening.stopUsing(wait.channel());
		}
	}

	/** A grant message: {@code "<entry id> <token>"}. Runs on Lettuce's thread. */
	void onMessage(String channel, String message) {
		int space = message.indexOf(' ');
		if (space <= 0) {
			return;
		}
		GrantSubscription listening = this.subscription;
		// Redis wrote this message after its answer to a call sent then: the grant cannot be older.
		long notBefore = (listening != null) ? listening.heardSince(channel) : System.nanoTime();
		try {
			granted(message.substring(0, space), Long.parseLong(message.substring(space + 1)), notBefore);
		}
		catch (NumberFormatException ex) {
			// Not a grant of ours: nobody waits for it.
		}
	}

	/** After messages may have been missed: every waiter asks Redis again. */
	void wakeAll() {
		this.lines.values().forEach(WaitLine::wakeAll);
	}

	int waiterCount() {
		return this.waitsByEntry.size();
	}

	private void grantedHere(Object entry, Object token, long sentAt) {
		String entryId = RedisReplies.text(entry);
		if (!entryId.isEmpty()) {
			granted(entryId, RedisReplies.token(token), sentAt);
		}
	}

	private void granted(String entryId, long token, long notBefore) {
		QueuedWait wait = this.waitsByEntry.get(entryId);
		if (wait != null) {
			wait.granted(token, notBefore);
		}
		// Else it left meanwhile: its leave, which comes after the grant on Redis, passes the key on.
	}

	/** What a release did: its result, and whether the next waiter it named joined the line. */
	private record Released(UpdateResult result, boolean nextJoined) {
	}

	private Object run(RedisScript<?> script, String key, List<String> args) {
		return this.scripts.execute(script, new ScriptCall(LockKeys.of(key), args));
	}

	static String ttlMillis(@Nullable Duration ttl) {
		// "0" tells the scripts that the lock never expires: Redis rejects a PX of zero, so it cannot mean a TTL.
		return (ttl != null) ? Long.toString(toMillis(ttl)) : "0";
	}

	// Rounded up: a TTL is a promise of at least that long, and Redis counts whole milliseconds.
	static long toMillis(Duration ttl) {
		try {
			return ttl.plusNanos(999_999).toMillis();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

	private static String randomId() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return Long.toHexString(random.nextLong() | Long.MIN_VALUE) + Long.toHexString(random.nextLong() | Long.MIN_VALUE);
	}

}
