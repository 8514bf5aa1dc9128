package dev.distlock.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

import dev.distlock.redis.FloorAccess;

/**
 * The floor: raw Lettuce on one shared connection running distlock's own acquire and release scripts by SHA, with
 * nothing around them (no Spring Data, no owner generation, no events). It cannot wait.
 */
final class LettuceFloorClient implements LockClient {

	private static final String TTL = Long.toString(LEASE_MILLIS);

	private static final String CHANNEL = "distlock:released:lock";

	private static final String ATTEMPT = "1";

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private final String acquireSha;

	private final String releaseSha;

	private final ThreadLocal<String> owner = ThreadLocal.withInitial(() -> "floor-" + Thread.currentThread().getId());

	LettuceFloorClient(int port) {
		this.client = RedisClient.create(RedisURI.create("127.0.0.1", port));
		this.connection = this.client.connect();
		this.acquireSha = this.connection.sync().scriptLoad(script("acquire.lua"));
		this.releaseSha = this.connection.sync().scriptLoad(script("release.lua"));
	}

	@Override
	public @Nullable Object tryAcquire(String key) {
		String owner = this.owner.get();
		RedisCommands<String, String> redis = this.connection.sync();
		// The adapter's own script and counter key, so that the floor pays for fencing tokens too.
		List<Object> reply = redis.evalsha(this.acquireSha, ScriptOutputType.MULTI,
				new String[] { key, FloorAccess.fenceKey(key) }, owner, TTL, ATTEMPT);
		return (reply != null && Long.valueOf(0).equals(reply.get(0))) ? new String[] { key, owner, (String) reply.get(1) }
				: null;
	}

	@Override
	public @Nullable Object acquire(String key) {
		throw new UnsupportedOperationException("the floor does not wait");
	}

	@Override
	public void release(Object token) {
		String[] keyAndOwner = (String[]) token;
		Long released = this.connection.sync()
			.evalsha(this.releaseSha, ScriptOutputType.INTEGER, new String[] { keyAndOwner[0] }, keyAndOwner[1],
					keyAndOwner[2], CHANNEL);
		if (released == null || released != 1L) {
			throw new IllegalStateException("release failed: " + keyAndOwner[0]);
		}
	}

	@Override
	public boolean canWait() {
		return false;
	}

	@Override
	public String describe() {
		return "Lettuce sync API, one shared connection, EVALSHA of lock-redis's acquire.lua (with its fencing-token "
				+ "counter) and release.lua";
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown();
	}

	private static String script(String name) {
		try (InputStream in = LettuceFloorClient.class.getResourceAsStream("/dev/distlock/redis/" + name)) {
			if (in == null) {
				throw new IllegalStateException(name + " is not on the class path (lock-redis)");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
