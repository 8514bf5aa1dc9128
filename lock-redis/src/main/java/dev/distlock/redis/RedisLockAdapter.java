package dev.distlock.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.script.RedisScript;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.ReleaseSignals;
import dev.distlock.adapter.ReleaseWatch;
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
 * <h2>Releases</h2>
 * Releases are published on {@link RedisLockAdapterSettings#releaseChannel() a channel}, one per namespace. One
 * subscription per adapter (so: one adapter per provider) hears them and wakes the longest-waiting blocked acquire of
 * the released key in this JVM; that acquire's own release wakes the next. While the subscription is down or a
 * message is lost, and when a lock expires, blocked acquires fall back to polling at their interval. Release
 * notifications need an asynchronous client (Lettuce); with any other, blocked acquires only poll.
 *
 * <p>A single Redis primary is the source of truth: asynchronous replication can lose a lock on failover. Locks of
 * the previous version (plain strings) read as held by another owner, so mixed versions still exclude each other.
 *
 * <p>Thread-safe. {@link #close()} stops the subscription; the connection factory stays the caller's to close.
 */
public final class RedisLockAdapter implements LockAdapter, AutoCloseable {

	// Tells the acquire script that the lock never expires: Redis rejects a PX of zero, so it cannot mean a TTL.
	private static final String NO_EXPIRY = "0";

	private final RedisLockAdapterSettings settings;

	private final ScriptExecutor scripts;

	private final ReleaseSignals waiters = new ReleaseSignals();

	private final ChannelSubscription subscription;

	/**
	 * Creates an adapter with {@link RedisLockAdapterSettings#defaults() the default settings}, which suit a provider
	 * on the default namespace. Starts subscribing to releases in the background.
	 * @param connectionFactory the connections to Redis, already started; the adapter does not close it
	 * @throws IllegalArgumentException if {@code connectionFactory} is {@code null}
	 */
	public RedisLockAdapter(RedisConnectionFactory connectionFactory) {
		this(connectionFactory, RedisLockAdapterSettings.defaults());
	}

	/**
	 * Creates an adapter. Starts subscribing to releases in the background.
	 * @param connectionFactory the connections to Redis, already started; the adapter does not close it
	 * @param settings the options, for example {@link RedisLockAdapterSettings#forNamespace} the provider's namespace
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
		this.subscription = new ChannelSubscription(connectionFactory, settings.releaseChannel(), "release",
				"blocked acquires poll until it works",
				(message) -> this.waiters.signal(new String(message, StandardCharsets.UTF_8)));
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
		String ttlMillis = (ttl != null) ? Long.toString(toMillis(ttl)) : NO_EXPIRY;
		List<?> reply = RedisReplies.array(run(RedisLockScripts.ACQUIRE, List.of(key, FenceKeys.of(key)), owner,
				ttlMillis, Long.toString(attempt)), 3);
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

	@Override
	public boolean undoAcquire(String key, String owner, long attempt) {
		boolean released = RedisReplies.integer(run(RedisLockScripts.UNDO_ACQUIRE, List.of(key), owner,
				Long.toString(attempt), this.settings.releaseChannel())) == 1;
		wakeLocallyWithoutSubscription(released, key);
		return released;
	}

	@Override
	public UpdateResult release(String key, String owner, long token) {
		UpdateResult result = RedisReplies.update(run(RedisLockScripts.RELEASE, List.of(key), owner,
				Long.toString(token), this.settings.releaseChannel()));
		wakeLocallyWithoutSubscription(result == UpdateResult.UPDATED, key);
		return result;
	}

	@Override
	public boolean forceRelease(String key) {
		boolean released = RedisReplies.integer(run(RedisLockScripts.FORCE_RELEASE, List.of(key),
				this.settings.releaseChannel())) == 1;
		wakeLocallyWithoutSubscription(released, key);
		return released;
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
				args.add(Long.toString(toMillis(refresh.ttl())));
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

	@Override
	public ReleaseWatch watchReleases(String key) {
		return this.waiters.watch(key);
	}

	/**
	 * Tells whether the release subscription is established, so that blocked acquires wake on releases rather than
	 * at their next poll; for health checks and tests. It turns true shortly after construction when Redis is up.
	 * @return whether releases are being heard
	 */
	public boolean isSubscribed() {
		return this.subscription.isSubscribed();
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
		this.subscription.close();
	}

	@Override
	public String toString() {
		return "RedisLockAdapter[releaseChannel=" + this.settings.releaseChannel() + ", commandTimeout="
				+ this.settings.commandTimeout() + "]";
	}

	private Object run(RedisScript<?> script, List<String> keys, String... args) {
		return this.scripts.execute(script, new ScriptCall(keys, List.of(args)));
	}

	// The published message wakes local waiters too; without a subscription, this JVM's own releases still do.
	private void wakeLocallyWithoutSubscription(boolean released, String key) {
		if (released && !this.subscription.isSubscribed()) {
			this.waiters.signal(key);
		}
	}

	// Rounded up: a TTL is a promise of at least that long, and Redis counts whole milliseconds.
	private static long toMillis(Duration ttl) {
		try {
			return ttl.plusNanos(999_999).toMillis();
		}
		catch (ArithmeticException ex) {
			return Long.MAX_VALUE;
		}
	}

}
