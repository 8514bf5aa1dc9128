package dev.distlock.benchmarks;

import java.util.List;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import dev.distlock.redis.FloorAccess;

/**
 * The floor: raw Lettuce on one shared connection running distlock's own acquire and release scripts by SHA (the
 * exact texts the adapter sends, its line prelude included, with the same four keys), with nothing around them (no
 * Spring Data, no owner generation, no events, nobody in line). It cannot wait. On the cluster, Lettuce's cluster
 * client routes each script by its first key.
 */
final class LettuceFloorClient implements LockClient {

	private static final String TTL = Long.toString(LEASE_MILLIS);

	private static final String ATTEMPT = "1";

	private static final String ACQUIRE = FloorAccess.acquireScript();

	private static final String RELEASE = FloorAccess.releaseScript();

	private final AbstractRedisClient client;

	private final StatefulConnection<String, String> connection;

	private final RedisClusterCommands<String, String> redis;

	private final String acquireSha;

	private final String releaseSha;

	private final ThreadLocal<String> owner = ThreadLocal.withInitial(() -> "floor-" + Thread.currentThread().getId());

	LettuceFloorClient() {
		if (BenchRedis.isCluster()) {
			RedisClusterClient cluster = RedisClusterClient
				.create(BenchRedis.redisAddresses().stream().map(RedisURI::create).toList());
			SentCommands.attach(cluster);
			StatefulRedisClusterConnection<String, String> connected = cluster.connect();
			this.client = cluster;
			this.connection = connected;
			this.redis = connected.sync();
		}
		else {
			RedisClient standalone = RedisClient.create(RedisURI.create(BenchRedis.redisAddresses().get(0)));
			SentCommands.attach(standalone);
			StatefulRedisConnection<String, String> connected = standalone.connect();
			this.client = standalone;
			this.connection = connected;
			this.redis = connected.sync();
		}
		this.acquireSha = this.redis.digest(ACQUIRE);
		this.releaseSha = this.redis.digest(RELEASE);
	}

	@Override
	public @Nullable Object tryAcquire(String key) {
		String owner = this.owner.get();
		// The adapter's own script, keys and arguments (no entry in line: a plain attempt), fencing token included.
		List<Object> reply = run(this.acquireSha, ACQUIRE, key, owner, TTL, ATTEMPT,
				FloorAccess.grantChannel(key, "floor"), "", "0");
		return (reply != null && Long.valueOf(0).equals(reply.get(0))) ? new String[] { key, owner, (String) reply.get(1) }
				: null;
	}

	@Override
	public @Nullable Object acquire(String key) {
		throw new UnsupportedOperationException("the floor does not wait");
	}

	@Override
	public void release(Object token) {
		String[] keyOwnerToken = (String[]) token;
		List<Object> reply = run(this.releaseSha, RELEASE, keyOwnerToken[0], keyOwnerToken[1], keyOwnerToken[2],
				FloorAccess.grantChannel(keyOwnerToken[0], "floor"));
		if (reply == null || !Long.valueOf(1).equals(reply.get(0))) {
			throw new IllegalStateException("release failed: " + keyOwnerToken[0]);
		}
	}

	// EVALSHA; on a server that does not have the script yet (each cluster master loads it on its first EVAL), EVAL.
	private List<Object> run(String sha, String script, String key, String... args) {
		String[] keys = FloorAccess.scriptKeys(key).toArray(String[]::new);
		try {
			return this.redis.evalsha(sha, ScriptOutputType.MULTI, keys, args);
		}
		catch (RedisNoScriptException ex) {
			return this.redis.eval(script, ScriptOutputType.MULTI, keys, args);
		}
	}

	@Override
	public boolean canWait() {
		return false;
	}

	@Override
	public String describe() {
		return "Lettuce sync API, one shared connection" + (BenchRedis.isCluster() ? " (cluster client)" : "")
				+ ", EVALSHA of lock-redis's acquire and release scripts as the adapter sends them (fencing-token "
				+ "counter, line keys)";
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

}
