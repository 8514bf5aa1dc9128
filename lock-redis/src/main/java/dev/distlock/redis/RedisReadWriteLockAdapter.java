package dev.distlock.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

import dev.distlock.LockMode;
import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.ReadWriteHolders;
import dev.distlock.adapter.ReadWriteLockAdapter;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.ReleaseWatch;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.adapter.UpgradeRefusedException;

/**
 * A {@link ReadWriteLockAdapter} on Redis, through Spring Data Redis and Lettuce.
 *
 * <pre>{@code
 * RedisReadWriteLockAdapter adapter = new RedisReadWriteLockAdapter(connectionFactory);
 * ReadWriteLockProvider readWriteLocks = ReadWriteLockProvider.create(adapter);
 * readWriteLocks.create("catalog").readLock().runBlocking(() -> serve());
 * // on shutdown: adapter.close();
 * }</pre>
 *
 * <h2>Storage</h2>
 * A read-write lock is up to four keys on the namespaced key's cluster slot (see {@link LeaseKeys}): sorted sets of
 * the read holds and of the write hold, each owner scored by its expiry in the Redis server's milliseconds
 * ({@code +inf} for a hold that never expires), a sorted set of the owners that intend to write, scored by when
 * their intent ends, and a hash with each hold's fencing token and attempt id. Every operation is one Lua script, run
 * by SHA: it reads the server's clock ({@code TIME}), drops the holds and intents that ended, and applies the rules
 * of {@link ReadWriteLockAdapter} (writer preference through intents, no upgrade, downgrade allowed) atomically; the
 * application servers' clocks never matter. A write by an owner that holds a read is refused in that step with
 * {@link UpgradeRefusedException}; {@link #forceReleaseAll} frees every hold and withdraws every intent. The keys
 * expire with the last hold or intent (and persist while a hold never expires), so idle locks leave nothing behind.
 * Their names differ from a lock's and a semaphore's of the same name, and all of them, the fence counter included,
 * share one hash tag, so the adapter works on Redis Cluster.
 *
 * <h2>Fencing tokens</h2>
 * Drawn from the same counter as {@link RedisLockAdapter}'s, one per cluster slot, for reads and writes alike: each
 * hold's token is greater than every token issued on that cluster slot before, across releases, expiries and
 * processes.
 *
 * <h2>Waking waiters</h2>
 * Scripts that free holds (release, undo, force release, and any that drops expired holds or intents) or withdraw an
 * intent (leaving the queue, force release) announce it on the slot's release channel with sharded pub/sub; with Lettuce the adapter subscribes to the
 * channels of the slots this process waits on, and wakes every waiter of the key (a freed write may let all readers
 * in). A hold that expires with no script running wakes nobody: waiters ask again when the blockers' holds end, or at
 * their poll interval. Without Lettuce, waiters poll.
 *
 * <h2>Timeouts and renewal</h2>
 * As {@link RedisLockAdapter}: with a {@link LettuceConnectionFactory} each operation waits at most
 * {@link RedisLockAdapterSettings#commandTimeout()}; nothing is retried. {@link #refreshAll} refreshes up to 500
 * holds per script run (per cluster slot on a cluster), all runs in flight at once.
 *
 * <p>Thread-safe. {@link #close()} stops the subscription; the connection factory stays the caller's to close.
 *
 * @since 0.1.0
 */
public final class RedisReadWriteLockAdapter implements ReadWriteLockAdapter, AutoCloseable {

	private final RedisLockAdapterSettings settings;

	private final ScriptExecutor scripts;

	private final LeaseReleases releases;

	/**
	 * Creates an adapter with {@link RedisLockAdapterSettings#defaults() the default settings}. Starts subscribing
	 * to release messages in the background.
	 * @param connectionFactory the connections to Redis, already started; the adapter does not close it
	 * @throws IllegalArgumentException if {@code connectionFactory} is {@code null}
	 */
	public RedisReadWriteLockAdapter(RedisConnectionFactory connectionFactory) {
		this(connectionFactory, RedisLockAdapterSettings.defaults());
	}

	/**
	 * Creates an adapter. Starts subscribing to release messages in the background.
	 * @param connectionFactory the connections to Redis, already started; the adapter does not close it
	 * @param settings the options
	 * @throws IllegalArgumentException if an argument is {@code null}
	 */
	public RedisReadWriteLockAdapter(RedisConnectionFactory connectionFactory, RedisLockAdapterSettings settings) {
		this(connectionFactory, settings, LeaseAdapters.executor(connectionFactory, settings));
	}

	// For tests that count or wrap the script runs.
	RedisReadWriteLockAdapter(RedisConnectionFactory connectionFactory, RedisLockAdapterSettings settings,
			ScriptExecutor scripts) {
		this.scripts = scripts;
		this.settings = settings;
		this.releases = new LeaseReleases(connectionFactory, settings.commandTimeout(), LeaseKeys::readWriteChannel,
				true);
	}

	@Override
	public AcquireResult acquire(String key, LockMode mode, String owner, @Nullable Duration ttl, long attempt,
			@Nullable Duration queueFor) {
		String queue = (mode == LockMode.WRITE && queueFor != null) ? Long.toString(LeaseAdapters.millis(queueFor))
				: "";
		List<?> reply = RedisReplies.array(run(RedisLeaseScripts.READ_WRITE_ACQUIRE, LeaseKeys.readWriteAcquire(key),
				key, mode(mode), owner, LeaseAdapters.ttl(ttl), Long.toString(attempt), queue), 3);
		long status = RedisReplies.integer(reply.get(0));
		if (status == 3) {
			throw new UpgradeRefusedException();
		}
		return LeaseAdapters.acquireResult(status, reply);
	}

	@Override
	public void leaveQueue(String key, String owner) {
		run(RedisLeaseScripts.READ_WRITE_LEAVE_QUEUE, LeaseKeys.readWrite(key), key, owner);
	}

	@Override
	public boolean undoAcquire(String key, LockMode mode, String owner, long attempt) {
		return RedisReplies.integer(run(RedisLeaseScripts.READ_WRITE_UNDO, LeaseKeys.readWrite(key), key, mode(mode),
				owner, Long.toString(attempt))) == 1;
	}

	@Override
	public UpdateResult release(String key, LockMode mode, String owner, long token) {
		return RedisReplies.update(run(RedisLeaseScripts.READ_WRITE_RELEASE, LeaseKeys.readWrite(key), key,
				mode(mode), owner, Long.toString(token)));
	}

	@Override
	public UpdateResult releaseAfter(String key, LockMode mode, String owner, long token, Duration remaining) {
		return RedisReplies.update(run(RedisLeaseScripts.READ_WRITE_RELEASE_AFTER, LeaseKeys.readWrite(key), key,
				mode(mode), owner, Long.toString(token), Long.toString(LeaseAdapters.millis(remaining))));
	}

	@Override
	public UpdateResult refresh(String key, LockMode mode, String owner, long token, Duration ttl) {
		return refreshAll(mode, List.of(new Refresh(key, owner, token, ttl))).get(0);
	}

	/**
	 * Refreshes the holds in batches: up to {@value RefreshBatches#MAX_KEYS} per script run, on Redis Cluster one
	 * run per cluster slot; with Lettuce all runs are in flight at once, so the whole call waits about one round trip,
	 * at most the command timeout.
	 * @param mode the kind of the holds
	 * @param refreshes the refreshes, on any keys
	 * @return the result of each refresh, in the same order
	 */
	@Override
	public List<UpdateResult> refreshAll(LockMode mode, List<Refresh> refreshes) {
		if (refreshes.isEmpty()) {
			return List.of();
		}
		List<List<Integer>> batches = RefreshBatches.of(refreshes, this.scripts.isCluster());
		List<ScriptCall> calls = new ArrayList<>(batches.size());
		for (List<Integer> batch : batches) {
			List<String> keys = new ArrayList<>(batch.size() * 4);
			List<String> args = new ArrayList<>(1 + batch.size() * 5);
			args.add(mode(mode));
			for (int index : batch) {
				Refresh refresh = refreshes.get(index);
				keys.addAll(LeaseKeys.readWrite(refresh.key()));
				LeaseAdapters.addRefresh(args, refresh, LeaseKeys.readWriteChannel(refresh.key()));
			}
			calls.add(new ScriptCall(keys, args));
		}
		return LeaseAdapters.refreshResults(this.scripts.executeAll(RedisLeaseScripts.READ_WRITE_REFRESH, calls),
				batches, refreshes.size());
	}

	@Override
	public int forceReleaseAll(String key) {
		return (int) RedisReplies.integer(run(RedisLeaseScripts.READ_WRITE_FORCE_RELEASE, LeaseKeys.readWrite(key),
				key));
	}

	@Override
	public ReadWriteHolders holders(String key) {
		Object reply = run(RedisLeaseScripts.READ_WRITE_HOLDERS, LeaseKeys.readWrite(key), key);
		if (!(reply instanceof List<?> values) || values.size() < 5 || (values.size() - 5) % 3 != 0) {
			throw new IllegalStateException("Unexpected reply from the read-write lock holders script");
		}
		int intents = (int) RedisReplies.integer(values.get(0));
		LockHolder writer = (RedisReplies.integer(values.get(1)) == 1)
				? LeaseAdapters.holder(values.get(2), values.get(3), values.get(4)) : null;
		return new ReadWriteHolders(LeaseAdapters.holders(values, 5), writer, intents);
	}

	/**
	 * Watches {@code key} for released holds: with Lettuce, through the release channel of the key's cluster slot,
	 * every waiter of the key woken by each release; otherwise by polling.
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
		return "RedisReadWriteLockAdapter[commandTimeout=" + this.settings.commandTimeout() + "]";
	}

	private static String mode(LockMode mode) {
		return (mode == LockMode.READ) ? "r" : "w";
	}

	private Object run(RedisScript<?> script, List<String> keys, String key, String... args) {
		List<String> all = new ArrayList<>(args.length + 2);
		all.add(key);
		all.add(LeaseKeys.readWriteChannel(key));
		all.addAll(Arrays.asList(args));
		return this.scripts.execute(script, new ScriptCall(keys, all));
	}

}
