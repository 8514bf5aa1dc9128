package dev.distlock.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.LockWait;
import dev.distlock.adapter.UpdateResult;

/**
 * A {@link LockAdapter} on Redis, through Spring Data Redis and Lettuce.
 *
 * <pre>{@code
 * RedisLockAdapter adapter = new RedisLockAdapter(connectionFactory);
 * LockProvider locks = LockProvider.builder(adapter).build();
 * // on shutdown: adapter.close();
 * }</pre>
 *
 * <h2>Storage</h2>
 * A lock is a Redis hash at the namespaced lock key, with fields {@code owner}, {@code token} (the hold's fencing
 * token) and {@code attempt} (which acquire created the hold, for undoing one whose outcome was unknown); the key's
 * expiry is the lock's TTL, and a lock that never expires has none. Every operation is one Lua script, run by SHA
 * (loaded on first use and again after a Redis restart), so it is atomic and takes one round trip. TTLs are sent
 * relative and applied by Redis, so the clocks of the application servers never matter.
 *
 * <h2>Fencing tokens</h2>
 * The acquire script draws each token from a counter that outlives the locks: one counter per Redis Cluster slot,
 * {@code distlock:fence:{tag}}, whose hash tag puts it on the lock key's slot, so acquire touches one slot and works on
 * Redis Cluster. A token is the greater of the counter plus one and the server's clock in microseconds, and is stored
 * back in the counter: tokens strictly increase per key across releases, expiries and processes, and keep increasing
 * after a restart that lost Redis's data, as long as the server's clock moved forward meanwhile. Tokens are therefore
 * large (about 1.7e15 today), not small sequence numbers.
 *
 * <h2>Timeouts</h2>
 * With a {@link LettuceConnectionFactory}, each operation waits for Redis at most
 * {@link RedisLockAdapterSettings#commandTimeout()} (2 seconds by default), so a dead or frozen Redis costs a lock
 * call about that long and not Lettuce's own timeout (60 seconds unless configured): scripts run on Lettuce's
 * asynchronous commands of the connection the factory hands out (its shared one unless sharing is off), and the
 * adapter waits for each reply at most that long. A timed-out operation is cancelled if not yet sent and never
 * retried: its outcome is unknown, which the provider handles (a failed acquire is undone). Opening a connection
 * (the first use, or a pooled or dedicated one) is bounded by the client's connect timeout instead. With another client, scripts run through Spring's
 * template, and that client's command timeout applies. Faults surface as Spring's {@code DataAccessException}s.
 *
 * <h2>Renewal</h2>
 * {@link #refreshAll} refreshes up to 500 holds per script run; on Redis Cluster, per slot. With Lettuce, all runs
 * are sent before the first reply is awaited, so renewing thousands of locks costs about one round trip per node.
 *
 * <h2>Waiting in line</h2>
 * A blocking acquire that finds the key held joins the key's line in Redis in the same script, and every script that
 * frees the key (release, undo, force release, a waiter's leaving) hands it in the same step to the first entry in
 * line whose wait time is not over: the key then belongs to that waiter's owner, with its TTL and a new fencing token,
 * and the waiter returns as soon as it hears of it, without another round trip. So a released key is never up for
 * grabs while someone waits: waiters are served first come, first served across processes, and a plain
 * {@code acquire()} (or a new blocking acquire) of a key with waiters in line fails, even when it finds the key free
 * after an expiry: the first in line gets it. Details:
 * <ul>
 * <li><b>One entry per process and key.</b> The waiters of one key in one process wait behind a single entry in
 * Redis (the longest waiting one's): the others wait in memory, and when a release in this process hands the key to
 * this process's entry, the release's reply wakes the waiter here, in memory, and lets the next one join the line in
 * the same script. A process whose waiter was served joins at the end of the line: processes take turns.</li>
 * <li><b>Grants are announced</b> with sharded pub/sub ({@code SPUBLISH}) on the waiting process's channel for the
 * key's cluster slot, to which it subscribes while it has waiters there: a release with nobody in line publishes
 * nothing, and a grant reaches the one waiting process only. The subscription is checked with a {@code PING} every
 * second and replaced when it does not answer (see {@link #isSubscribed()}); while it is down, and for any message
 * lost, waiters ask Redis again at their poll interval or the holder's expiry, whichever is first, and find the key
 * theirs.</li>
 * <li><b>A waiter that gives up</b> (its wait time is over, or it is interrupted) leaves the line in one script,
 * which passes the key on if it was handed to it meanwhile.</li>
 * <li><b>A waiter that crashed</b> holds the line up at most until its wait time is over: its entry is skipped from
 * then on. If a release hands it the key before that, the key stays held for that waiter's TTL, as if it had acquired
 * and crashed; a lock without expiry would stay held, which is why such locks need care (see the README).</li>
 * <li>Lines expire a second after the last wait time they hold, so nothing is left behind.</li>
 * </ul>
 * Grants need an asynchronous client (Lettuce) to be heard at once; with any other, waiters find the key theirs at
 * their next poll.
 *
 * <p>A single Redis primary is the source of truth: asynchronous replication can lose a lock on failover. Locks of
 * the previous version (plain strings) read as held by another owner, so mixed versions still exclude each other.
 *
 * <p>Thread-safe. {@link #close()} stops the subscription; the connection factory stays the caller's to close. One
 * adapter per provider: the waiters of one process share one line per key only through one adapter.
 *
 * @since 0.1.0
 */
public final class RedisLockAdapter implements LockAdapter, AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(RedisLockAdapter.class);

	private final RedisLockAdapterSettings settings;

	private final ScriptExecutor scripts;

	private final WaitLines lines;

	private final @Nullable GrantSubscription subscription;

	/**
	 * Creates an adapter with {@link RedisLockAdapterSettings#defaults() the default settings}. Starts subscribing
	 * to grants in the background.
	 * @param connectionFactory the connections to Redis, already started; the adapter does not close it
	 * @throws IllegalArgumentException if {@code connectionFactory} is {@code null}
	 */
	public RedisLockAdapter(RedisConnectionFactory connectionFactory) {
		this(connectionFactory, RedisLockAdapterSettings.defaults());
	}

	/**
	 * Creates an adapter. Starts subscribing to grants in the background.
	 * @param connectionFactory the connections to Redis, already started; the adapter does not close it
	 * @param settings the options
	 * @throws IllegalArgumentException if an argument is {@code null}
	 */
	public RedisLockAdapter(RedisConnectionFactory connectionFactory, RedisLockAdapterSettings settings) {
		this(connectionFactory, settings, executor(connectionFactory, settings));
	}

	// For tests that run the template path against a Lettuce factory.
	RedisLockAdapter(RedisConnectionFactory connectionFactory, RedisLockAdapterSettings settings,
			ScriptExecutor scripts) {
		this.settings = settings;
		this.scripts = scripts;
		this.lines = new WaitLines(scripts);
		this.subscription = subscribe(connectionFactory, settings, this.lines);
	}

	private static @Nullable GrantSubscription subscribe(RedisConnectionFactory connectionFactory,
			RedisLockAdapterSettings settings, WaitLines lines) {
		if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			logger.info("Redis grants need Lettuce; with {}, blocked acquires find a granted key at their next poll",
					connectionFactory.getClass().getName());
			return null;
		}
		GrantSubscription subscription = new GrantSubscription(lettuce.getRequiredNativeClient(),
				settings.commandTimeout(), lines::onMessage, lines::wakeAll);
		lines.listenWith(subscription);
		return subscription;
	}

	private static ScriptExecutor executor(RedisConnectionFactory connectionFactory,
			RedisLockAdapterSettings settings) {
		if (connectionFactory == null) {
			throw new IllegalArgumentException("connectionFactory must not be null");
		}
		if (settings == null) {
			throw new IllegalArgumentException("settings must not be null");
		}
		return (connectionFactory instanceof LettuceConnectionFactory lettuce)
				? new LettuceScriptExecutor(lettuce, settings.commandTimeout())
				: new TemplateScriptExecutor(connectionFactory);
	}

	@Override
	public AcquireResult acquire(String key, String owner, @Nullable Duration ttl, long attempt) {
		return this.lines.acquire(key, owner, ttl, attempt);
	}

	@Override
	public LockWait openWait(String key, String owner, @Nullable Duration ttl, long attempt, Duration waitTime) {
		return this.lines.open(key, owner, ttl, attempt, waitTime);
	}

	@Override
	public boolean undoAcquire(String key, String owner, long attempt) {
		return this.lines.leave(key, owner, Long.toString(attempt), null);
	}

	@Override
	public UpdateResult release(String key, String owner, long token) {
		return this.lines.release(key, owner, token);
	}

	@Override
	public UpdateResult releaseAfter(String key, String owner, long token, Duration remaining) {
		// Whole milliseconds, rounded up: the minimum hold must not end early. Waiters in line find the key free
		// when it expires, and the first of them takes it.
		return RedisReplies.update(run(RedisLockScripts.RELEASE_AFTER, List.of(key), owner, Long.toString(token),
				Long.toString(WaitLines.toMillis(remaining))));
	}

	@Override
	public boolean forceRelease(String key) {
		return this.lines.forceRelease(key);
	}

	@Override
	public UpdateResult refresh(String key, String owner, long token, Duration ttl) {
		return refreshAll(List.of(new Refresh(key, owner, token, ttl))).get(0);
	}

	/**
	 * Refreshes the holds in batches: up to {@value RefreshBatches#MAX_KEYS} per script run, on Redis Cluster one
	 * run per slot; with Lettuce all runs are in flight at once, so the whole call waits about one round trip, at
	 * most the command timeout.
	 * @param refreshes the refreshes, on any keys
	 * @return the result of each refresh, in the same order
	 */
	@Override
	public List<UpdateResult> refreshAll(List<Refresh> refreshes) {
		if (refreshes.isEmpty()) {
			return List.of();
		}
		List<List<Integer>> batches = RefreshBatches.of(refreshes, this.scripts.isCluster());
		List<ScriptCall> calls = new ArrayList<>(batches.size());
		for (List<Integer> batch : batches) {
			List<String> keys = new ArrayList<>(batch.size());
			List<String> args = new ArrayList<>(batch.size() * 3);
			for (int index : batch) {
				Refresh refresh = refreshes.get(index);
				keys.add(refresh.key());
				args.add(refresh.owner());
				args.add(Long.toString(refresh.token()));
				args.add(Long.toString(WaitLines.toMillis(refresh.ttl())));
			}
			calls.add(new ScriptCall(keys, args));
		}
		List<Object> replies = this.scripts.executeAll(RedisLockScripts.REFRESH, calls);
		UpdateResult[] results = new UpdateResult[refreshes.size()];
		for (int b = 0; b < batches.size(); b++) {
			List<Integer> batch = batches.get(b);
			List<?> statuses = RedisReplies.array(replies.get(b), batch.size());
			for (int i = 0; i < batch.size(); i++) {
				results[batch.get(i)] = RedisReplies.update(statuses.get(i));
			}
		}
		return Arrays.asList(results);
	}

	@Override
	public Optional<LockHolder> state(String key) {
		Object reply = run(RedisLockScripts.STATE, List.of(key));
		if (reply instanceof List<?> empty && empty.isEmpty()) {
			return Optional.empty();
		}
		List<?> holder = RedisReplies.array(reply, 3);
		if (!(holder.get(0) instanceof String owner)) {
			throw new IllegalStateException("Expected an owner from the state script");
		}
		return Optional.of(new LockHolder(owner, RedisReplies.token(holder.get(1)),
				RedisReplies.remaining(holder.get(2))));
	}

	/**
	 * Tells whether grants are heard: the adapter's pub/sub connection is open, answered its last ping (sent every
	 * second), and is subscribed to the channels of the slots this process waits on. It turns true shortly after
	 * construction when Redis is up, and false within about a second and the command timeout when the connection
	 * stops answering; meanwhile blocked acquires poll. Always false without Lettuce.
	 * @return whether grants are being heard
	 */
	public boolean isSubscribed() {
		GrantSubscription listening = this.subscription;
		return listening != null && listening.isAlive();
	}

	/**
	 * How many grant messages this adapter received so far, for diagnostics and benchmarks: with waiters of one key
	 * in several processes, each hand-off reaches the one process it goes to.
	 * @return the count
	 */
	public long getReceivedGrantMessageCount() {
		GrantSubscription listening = this.subscription;
		return (listening != null) ? listening.receivedCount() : 0;
	}

	// How many blocking acquires of this adapter wait, for tests.
	int waitingCount() {
		return this.lines.waiterCount();
	}

	/**
	 * The options this adapter runs with.
	 * @return the settings
	 */
	public RedisLockAdapterSettings getSettings() {
		return this.settings;
	}

	/**
	 * Stops the grant subscription and its thread. Does not close the connection factory. Idempotent.
	 */
	@Override
	public void close() {
		GrantSubscription listening = this.subscription;
		if (listening != null) {
			listening.close();
		}
	}

	@Override
	public String toString() {
		return "RedisLockAdapter[commandTimeout=" + this.settings.commandTimeout() + "]";
	}

	private Object run(RedisScript<?> script, List<String> keys, String... args) {
		return this.scripts.execute(script, new ScriptCall(keys, List.of(args)));
	}

}
