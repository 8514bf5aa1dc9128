package dev.distlock.redis;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;

/**
 * A connection factory that is not a {@code LettuceConnectionFactory}, for the adapter's paths without an
 * asynchronous client (no subscription), while the connections are still real ones to a real Redis.
 */
final class NonLettuceConnectionFactory implements RedisConnectionFactory {

	private final RedisConnectionFactory delegate;

	NonLettuceConnectionFactory(RedisConnectionFactory delegate) {
		this.delegate = delegate;
	}

	@Override
	public boolean getConvertPipelineAndTxResults() {
		return this.delegate.getConvertPipelineAndTxResults();
	}

	@Override
	public RedisConnection getConnection() {
		return this.delegate.getConnection();
	}

	@Override
	public RedisClusterConnection getClusterConnection() {
		return this.delegate.getClusterConnection();
	}

	@Override
	public RedisSentinelConnection getSentinelConnection() {
		return this.delegate.getSentinelConnection();
	}

	@Override
	public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
		return this.delegate.translateExceptionIfPossible(ex);
	}

}
