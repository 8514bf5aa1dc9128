package dev.distlock.redis;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Runs the scripts through Spring's {@link StringRedisTemplate}, for clients other than Lettuce: the template falls
 * back from {@code EVALSHA} to {@code EVAL} by itself, and the client's own command timeout bounds each call, not
 * {@link RedisLockAdapterSettings#commandTimeout()}. Batches run one call after another.
 */
final class TemplateScriptExecutor implements ScriptExecutor {

	private final RedisConnectionFactory connectionFactory;

	private final StringRedisTemplate redis;

	// Asked of a connection on first need and kept: a factory never changes its topology.
	private volatile @Nullable Boolean cluster;

	TemplateScriptExecutor(RedisConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
		this.redis = new StringRedisTemplate(connectionFactory);
	}

	@Override
	public Object execute(RedisScript<?> script, ScriptCall call) {
		Object reply = this.redis.execute(script, call.keys(), call.args().toArray());
		if (reply == null) {
			throw new IllegalStateException("Redis answered nothing to a distlock script");
		}
		return reply;
	}

	@Override
	public List<Object> executeAll(RedisScript<?> script, List<ScriptCall> calls) {
		List<Object> replies = new ArrayList<>(calls.size());
		for (ScriptCall call : calls) {
			replies.add(execute(script, call));
		}
		return replies;
	}

	@Override
	public boolean isCluster() {
		Boolean known = this.cluster;
		if (known == null) {
			try (RedisConnection connection = this.connectionFactory.getConnection()) {
				known = connection instanceof RedisClusterConnection;
			}
			this.cluster = known;
		}
		return known;
	}

}
