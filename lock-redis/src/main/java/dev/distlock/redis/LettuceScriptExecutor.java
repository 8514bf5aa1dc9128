package dev.distlock.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceExceptionConverter;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Runs the scripts on Lettuce's native asynchronous commands and waits for each reply at most the adapter's own
 * command timeout, so that a dead or frozen Redis costs a lock call that long instead of Lettuce's timeout (60
 * seconds unless configured).
 *
 * <p>The commands go through the connection that {@link LettuceConnectionFactory#getConnection()} hands out (the
 * factory's shared native connection unless sharing is off), so no connection of the adapter's own is opened. A
 * reply that does not come in time cancels its command: Lettuce then never writes it if it was still queued (as it
 * is while reconnecting), but one already written may still run. Nothing is retried. Establishing a connection (a
 * pooled or dedicated one, or the shared one on first use) is bounded by the client's connect timeout, not by this
 * one.
 *
 * <p>A batch sends all its commands before it waits for the first reply: Lettuce pipelines them on its connection
 * (on Redis Cluster, on the connection of each slot's node), so a batch costs about one round trip per node.
 */
final class LettuceScriptExecutor implements ScriptExecutor {

	private static final LettuceExceptionConverter EXCEPTIONS = new LettuceExceptionConverter();

	private final LettuceConnectionFactory connectionFactory;

	private final Duration timeout;

	LettuceScriptExecutor(LettuceConnectionFactory connectionFactory, Duration timeout) {
		this.connectionFactory = connectionFactory;
		this.timeout = timeout;
	}

	@Override
	public Object execute(RedisScript<?> script, ScriptCall call) {
		return executeAll(script, List.of(call)).get(0);
	}

	@Override
	public List<Object> executeAll(RedisScript<?> script, List<ScriptCall> calls) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			RedisClusterAsyncCommands<byte[], byte[]> commands = nativeCommands(connection);
			// From here on: a connection being opened (the first use, a pool's) is the client's connect timeout's.
			long deadline = System.nanoTime() + this.timeout.toNanos();
			ScriptOutputType output = outputType(script);
			List<RedisFuture<Object>> pending = new ArrayList<>(calls.size());
			for (ScriptCall call : calls) {
				pending.add(send(pending, () -> commands.evalsha(script.getSha1(), output, keys(call), args(call))));
			}
			@Nullable Object[] replies = new Object[calls.size()];
			List<Integer> unknownScript = new ArrayList<>();
			for (int i = 0; i < pending.size(); i++) {
				try {
					replies[i] = await(pending, i, deadline);
				}
				catch (RedisNoScriptException ex) {
					unknownScript.add(i);
				}
			}
			if (!unknownScript.isEmpty()) {
				// Redis lost its script cache (a restart, a failover, SCRIPT FLUSH): EVAL runs and caches it again.
				// All of them sent before waiting, as the first round was.
				byte[] text = utf8(script.getScriptAsString());
				List<RedisFuture<Object>> retried = new ArrayList<>(unknownScript.size());
				for (int i : unknownScript) {
					ScriptCall call = calls.get(i);
					retried.add(send(retried, () -> commands.eval(text, output, keys(call), args(call))));
				}
				for (int j = 0; j < retried.size(); j++) {
					try {
						replies[unknownScript.get(j)] = await(retried, j, deadline);
					}
					catch (RedisNoScriptException ex) {
						throw translate(ex);
					}
				}
			}
			List<Object> decoded = new ArrayList<>(replies.length);
			for (Object reply : replies) {
				decoded.add(decode(reply));
			}
			return decoded;
		}
	}

	@Override
	public boolean isCluster() {
		return this.connectionFactory.isClusterAware();
	}

	// Lettuce may refuse a command at once (closed connection, full queue): translated like a failed reply.
	private static RedisFuture<Object> send(List<RedisFuture<Object>> sent, Supplier<RedisFuture<Object>> command) {
		try {
			return command.get();
		}
		catch (RuntimeException ex) {
			cancel(sent, 0);
			throw translate(ex);
		}
	}

	// Waits for one reply of the batch; on any failure, cancels what is still pending of the batch.
	private @Nullable Object await(List<RedisFuture<Object>> pending, int index, long deadline) {
		RedisFuture<Object> future = pending.get(index);
		try {
			return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
		}
		catch (TimeoutException ex) {
			cancel(pending, index);
			throw new QueryTimeoutException("Redis did not answer a distlock script within " + this.timeout
					+ " (the adapter's commandTimeout); whether it ran is unknown");
		}
		catch (InterruptedException ex) {
			cancel(pending, index);
			Thread.currentThread().interrupt();
			throw new RedisSystemException("Interrupted while waiting for Redis", ex);
		}
		catch (CancellationException ex) {
			// Lettuce cancels what is pending when its connection is closed or reset under the command.
			cancel(pending, index + 1);
			throw new RedisSystemException("A distlock script was cancelled by the Redis client", ex);
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
			if (cause instanceof RedisNoScriptException noScript) {
				throw noScript;
			}
			cancel(pending, index + 1);
			throw translate(cause);
		}
	}

	private static void cancel(List<RedisFuture<Object>> pending, int from) {
		for (int i = from; i < pending.size(); i++) {
			pending.get(i).cancel(false);
		}
	}

	private static DataAccessException translate(Throwable failure) {
		if (failure instanceof Exception exception) {
			DataAccessException translated = EXCEPTIONS.translate(exception);
			if (translated != null) {
				return translated;
			}
		}
		return new RedisSystemException("Redis failed a distlock script: " + failure, failure);
	}

	@SuppressWarnings("unchecked")
	private static RedisClusterAsyncCommands<byte[], byte[]> nativeCommands(RedisConnection connection) {
		// Standalone, Sentinel and Cluster connections all hand out (a subtype of) these, with byte[] keys and values.
		return (RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection();
	}

	private static ScriptOutputType outputType(RedisScript<?> script) {
		Class<?> type = script.getResultType();
		if (type == Long.class) {
			return ScriptOutputType.INTEGER;
		}
		if (type == List.class) {
			return ScriptOutputType.MULTI;
		}
		throw new IllegalArgumentException("No Lettuce output for script results of " + type);
	}

	private static byte[][] keys(ScriptCall call) {
		return call.keys().stream().map(LettuceScriptExecutor::utf8).toArray(byte[][]::new);
	}

	private static byte[][] args(ScriptCall call) {
		return call.args().stream().map(LettuceScriptExecutor::utf8).toArray(byte[][]::new);
	}

	private static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	// Bulk strings arrive as byte[]; the adapter reads strings, as it would through the template.
	private static Object decode(@Nullable Object reply) {
		if (reply == null) {
			throw new IllegalStateException("Redis answered nothing to a distlock script");
		}
		if (reply instanceof byte[] bytes) {
			return new String(bytes, StandardCharsets.UTF_8);
		}
		if (reply instanceof List<?> list) {
			List<Object> decoded = new ArrayList<>(list.size());
			for (Object element : list) {
				decoded.add(decode(element));
			}
			return decoded;
		}
		return reply;
	}

}
