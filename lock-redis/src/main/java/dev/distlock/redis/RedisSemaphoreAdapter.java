package dev.distlock.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LimitMismatchException;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.ReleaseWatch;
import dev.distlock.adapter.SemaphoreAdapter;
import dev.distlock.adapter.SemaphoreHolders;
import dev.distlock.adapter.UpdateResult;

/**
 * A {@link SemaphoreAdapter} on Redis, through Spring Data Redis and Lettuce.
 *
 * <pre>{@code
 * RedisSemaphoreAdapter adapter = new RedisSemaphoreAdapter(connectionFactory);
 * SemaphoreProvider semaphores = SemaphoreProvider.create(adapter);
 * semaphores.create("partner-api", 2).runBlocking(() -> partner.call());
 * // on shutdown: adapter.close();
 * }</pre>
 *
 * <h2>Storage</h2>
 * A semaphore is two keys on the namespaced key's cluster slot (see {@link LeaseKeys}): a sorted set of the owners
 * holding slots, scored by expiry in the Redis server's milliseconds ({@code +inf} for a slot that never expires), and
 * a hash with the limit the live slots were taken under and each slot's fencing token and attempt id. Every
 * operation is one Lua script, run by SHA: it reads the server's clock ({@code TIME}), drops the slots that expired,
 * and does its work, atomically; the application servers' clocks never matter. Both keys expire with the last slot
 * (and persist while a slot never expires), so idle semaphores leave nothing behind. Their names differ from a lock's
 * and a read-write lock's of the same name, and all of them, the fence counter included, share one hash tag, so the
 * adapter works on Redis Cluster.
 *
 * <h2>Fencing tokens</h2>
 * Drawn from the same counter as {@link RedisLockAdapter}'s, one per cluster slot: each slot's token is greater than
 * every token issued on that cluster slot before, across releases, expiries and processes.
 *
 * <h2>Waking waiters</h2>
 * Scripts that free slots (release, undo, force release, and any that drops expired ones) announce it on the slot's
 * release channel with sharded pub/sub; with Lettuce the adapter subscribes to the channels of the slots this process
 * waits on, and wakes one waiter per freed slot. A slot that expires with no script running wakes nobody: waiters ask
 * again when the soonest slot ends, or at their poll interval. Without Lettuce, waiters poll.
 *
 * <h2>Timeouts and renewal</h2>
 * As {@link RedisLockAdapter}: with a {@link LettuceConnectionFactory} each operation waits at most
 * {@link RedisLockAdapterSettings#commandTimeout()}; nothing is retried. {@link #refreshAll} refreshes up to 500
 * slots per script run (per cluster slot on a cluster), all runs in flight at once.
 *
 * <p>Thread-safe. {@link #close()} stops the subscription; the connection factory stays the caller's to close.
 *
 * @since 0.1.0
 */
public final class RedisSemaphoreAdapter implements SemaphoreAdapter, AutoCloseable {

	private final RedisLockAdapterSettings settings;

	private final ScriptExecutor scripts;

	private final LeaseReleases releases;

	/**
	 * Creates an adapter with {@link RedisLockAdapterSettings#defaults() the default settings}. Starts subscribing
	 * to release messages in the background.
	 * @param connectionFactory the connections to Redis, already started; the adapter does not close it
	 * @throws IllegalArgumentException if {@code connectionFactory} is {@code null}
	 */
	public RedisSemaphoreAdapter(RedisConnectionFactory connectionFactory) {
		this(connectionFactory, RedisLockAdapterSettings.defaults());
	}

	/**
	 * Creates an adapter. Starts subscribing to release messages in the background.
	 * @param connectionFactory the connections to Redis, already started; the adapter does not close it
	 * @param settings the options
	 * @throws IllegalArgumentException if an argument is {@code null}
	 */
	public RedisSemaphoreAdapter(RedisConnectionFactory connectionFactory, RedisLockAdapterSettings settings) {
		this(connectionFactory, settings, LeaseAdapters.executor(connectionFactory, settings));
	}

	// For tests that count or wrap the script runs.
	RedisSemaphoreAdapter(RedisConnectionFactory connectionFactory, RedisLockAdapterSettings settings,
			ScriptExecutor scripts) {
		this.scripts = scripts;
		this.settings = settings;
		this.releases = new LeaseReleases(connectionFactory, settings.commandTimeout(), LeaseKeys::semaphoreChannel,
				false);
	}

	@Override
	public AcquireResult acquire(String key, int limit, String owner, @Nullable Duration ttl, long attempt) {
		if (limit < 1) {
			throw new IllegalArgumentException("limit must be at least 1, was " + limit);
		}
		List<?> reply = RedisReplies.array(run(RedisLeaseScripts.SEMAPHORE_ACQUIRE, LeaseKeys.semaphoreAcquire(key),
				key, owner, Integer.toString(limit), LeaseAdapters.ttl(ttl), Long.toString(attempt)), 3);
		long status = RedisReplies.integer(reply.get(0));
		if (status == 3) {
			throw new LimitMismatchException((int) RedisReplies.integer(reply.get(2)));
		}
		return LeaseAdapters.acquireResult(status, reply);
	}

	@Override
	public boolean undoAcquire(String key, String owner, long attempt) {
		return RedisReplies.integer(run(RedisLeaseScripts.SEMAPHORE_UNDO, LeaseKeys.semaphore(key), key, owner,
				Long.toString(attempt))) == 1;
	}

	@Override
	public UpdateResult release(String key, String owner, long token) {
		return RedisReplies.update(run(RedisLeaseScripts.SEMAPHORE_RELEASE, LeaseKeys.semaphore(key), key, owner,
				Long.toString(token)));
	}

	@Override
	public UpdateResult releaseAfter(String key, String owner, long token, Duration remaining) {
		return RedisReplies.update(run(RedisLeaseScripts.SEMAPHORE_RELEASE_AFTER, LeaseKeys.semaphore(key), key,
				owner, Long.toString(token), Long.toString(LeaseAdapters.millis(remaining))));
	}

	@Override
	public UpdateResult refresh(String key, String owner, long token, Duration ttl) {
		return refreshAll(List.of(new Refresh(key, owner, token, ttl))).get(0);
	}

	/**
	 * Refreshes the slots in batches: up to {@value RefreshBatches#MAX_KEYS} per script run, on Redis Cluster one
	 * run per cluster slot; with Lettuce all runs are in flight at once, so the whole call waits about one round trip,
	 * at most the command timeout.
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
			List<String> keys = new ArrayList<>(batch.size() * 2);
			List<String> args = new ArrayList<>(batch.size() * 5);
			for (int index : batch) {
				Refresh refresh = refreshes.get(index);
				keys.addAll(LeaseKeys.semaphore(refresh.key()));
				LeaseAdapters.addRefresh(args, refresh, LeaseKeys.semaphoreChannel(refresh.key()));
			}
			calls.add(new ScriptCall(keys, args));
		}
		return LeaseAdapters.refreshResults(this.scripts.executeAll(RedisLeaseScripts.SEMAPHORE_REFRESH, calls),
				batches, refreshes.size());
	}

	@Override
	public int forceReleaseAll(String key) {
		return (int) RedisReplies.integer(run(RedisLeaseScripts.SEMAPHORE_FORCE_RELEASE, LeaseKeys.semaphore(key),
				key));
	}

	@Override
	public SemaphoreHolders holders(String key) {
		Object reply = run(RedisLeaseScripts.SEMAPHORE_HOLDERS, LeaseKeys.semaphore(key), key);
		if (!(reply instanceof List<?> values) || values.isEmpty() || (values.size() - 1) % 3 != 0) {
			throw new IllegalStateException("Unexpected reply from the semaphore holders script");
		}
		int limit = (int) RedisReplies.integer(values.get(0));
		List<LockHolder> holders = LeaseAdapters.holders(values, 1);
		return holders.isEmpty() ? SemaphoreHolders.none() : new SemaphoreHolders(limit, holders);
	}

	/**
	 * Watches {@code key} for freed slots: with Lettuce, through the release channel of the key's cluster slot, one
	 * waiter woken per freed slot; otherwise by polling.
	 * @param key the namespaced key
	 * @return the watch
	 */
	@Override
	public ReleaseWatch watchReleases(String key) {
		return this.releases.watch(key);
	}

	/**
	 * Tells whether release messages are heard: the adapter's pub/sub connection is open and answered its last ping
	 * (sent every second). Always false without Lettuce.
	 * @return whether releases are being heard
	 */
	public boolean isSubscribed() {
		return this.releases.isSubscribed();
	}

	// Whether the releases of key are heard now, for tests that must not release before.
	boolean hears(String key) {
		return this.releases.hears(key);
	}

	// How many release messages arrived, for tests.
	long receivedMessageCount() {
		return this.releases.receivedCount();
	}

	/**
	 * The options this adapter runs with.
	 * @return the settings
	 */
	public RedisLockAdapterSettings getSettings() {
		return this.settings;
	}

	/**
	 * Stops the release subscription and its thread. Does not close the connection factory. Idempotent.
	 */
	@Override
	public void close() {
		this.releases.close();
	}

	@Override
	public String toString() {
		return "RedisSemaphoreAdapter[commandTimeout=" + this.settings.commandTimeout() + "]";
	}

	private Object run(RedisScript<?> script, List<String> keys, String key, String... args) {
		List<String> all = new ArrayList<>(args.length + 2);
		all.add(key);
		all.add(LeaseKeys.semaphoreChannel(key));
		all.addAll(Arrays.asList(args));
		return this.scripts.execute(script, new ScriptCall(keys, all));
	}

}
