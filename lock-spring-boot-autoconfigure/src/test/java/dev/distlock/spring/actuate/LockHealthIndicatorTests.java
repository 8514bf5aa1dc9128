package dev.distlock.spring.actuate;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.LockProvider;
import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.jdbc.JdbcLockAdapter;
import dev.distlock.redis.RedisLockAdapter;
import dev.distlock.test.redis.TestRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * UP when the backend answers a state read and wake-ups work, UNKNOWN when it answers but waiters poll, DOWN with the
 * error when it does not answer.
 */
class LockHealthIndicatorTests {

	@Test
	void upWhenTheBackendAnswers() {
		MemoryLockAdapter adapter = new MemoryLockAdapter();
		LockProvider provider = LockProvider.builder(adapter).namespace("billing").build();
		provider.create("held").acquire();
		Health health = new LockHealthIndicator(provider, adapter).health();
		assertThat(health.getStatus()).isEqualTo(Status.UP);
		// Nothing about holders, whatever is held.
		assertThat(health.getDetails()).containsOnly(entry("adapter", "memory"), entry("namespace", "billing"));
	}

	@Test
	void aJdbcAdapterWhoseListenerIsDownIsUnknownNotUpAndNotDown() {
		// Waiters poll while the listening connection is away: slower wake-ups, the same exclusion.
		JdbcLockAdapter adapter = mock(JdbcLockAdapter.class);
		when(adapter.wakesAcrossProcesses()).thenReturn(true);
		when(adapter.isListening()).thenReturn(false);
		LockProvider provider = LockProvider.builder(new MemoryLockAdapter()).namespace("billing").build();
		Health health = new LockHealthIndicator(provider, adapter).health();
		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails()).containsEntry("listening", false)
			.containsEntry("wakeUps", "polling")
			.containsEntry("namespace", "billing");
		when(adapter.isListening()).thenReturn(true);
		Health listening = new LockHealthIndicator(provider, adapter).health();
		assertThat(listening.getStatus()).isEqualTo(Status.UP);
		assertThat(listening.getDetails()).containsEntry("listening", true).doesNotContainKey("wakeUps");
	}

	@Test
	void aRedisAdapterThatHearsNoGrantsIsUnknownAndOneThatDoesIsUp() {
		LettuceConnectionFactory connections = new LettuceConnectionFactory(
				LettuceConnectionFactory.createRedisConfiguration(TestRedis.endpoint().url()));
		connections.afterPropertiesSet();
		// Not Lettuce to the adapter: it never subscribes, though every lock call reaches the real Redis.
		RedisConnectionFactory notLettuce = new RedisConnectionFactory() {

			@Override
			public boolean getConvertPipelineAndTxResults() {
				return connections.getConvertPipelineAndTxResults();
			}

			@Override
			public RedisConnection getConnection() {
				return connections.getConnection();
			}

			@Override
			public RedisClusterConnection getClusterConnection() {
				return connections.getClusterConnection();
			}

			@Override
			public RedisSentinelConnection getSentinelConnection() {
				return connections.getSentinelConnection();
			}

			@Override
			public DataAccessException translateExceptionIfPossible(RuntimeException ex) {
				return connections.translateExceptionIfPossible(ex);
			}

		};
		try (RedisLockAdapter deaf = new RedisLockAdapter(notLettuce);
				RedisLockAdapter listening = new RedisLockAdapter(connections)) {
			Health health = new LockHealthIndicator(LockProvider.builder(deaf).build(), deaf).health();
			assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
			assertThat(health.getDetails()).containsEntry("subscribed", false).containsEntry("wakeUps", "polling");
			LockProvider provider = LockProvider.builder(listening).build();
			Awaitility.await().atMost(Duration.ofSeconds(30)).until(listening::isSubscribed);
			assertThat(new LockHealthIndicator(provider, listening).health().getStatus()).isEqualTo(Status.UP);
		}
		finally {
			connections.destroy();
		}
	}

	@Test
	void aJdbcAdapterWithoutAListenerHasNoListeningDetail() {
		JdbcLockAdapter adapter = mock(JdbcLockAdapter.class);
		when(adapter.wakesAcrossProcesses()).thenReturn(false);
		LockProvider provider = LockProvider.builder(new MemoryLockAdapter()).build();
		assertThat(new LockHealthIndicator(provider, adapter).health().getDetails()).doesNotContainKey("listening");
	}

	@Test
	void downWithTheErrorWhenTheBackendFails() {
		DownLockAdapter adapter = new DownLockAdapter();
		Health health = new LockHealthIndicator(LockProvider.builder(adapter).build(), adapter).health();
		assertThat(health.getStatus()).isEqualTo(Status.DOWN);
		assertThat(health.getDetails()).containsEntry("adapter", "downlockadapter")
			.containsEntry("namespace", "lock")
			.hasEntrySatisfying("error", (error) -> assertThat(error.toString()).contains("LockBackendException"));
	}

	/** Answers nothing but failures; records the key it was asked about. */
	static final class DownLockAdapter implements LockAdapter {

		@Override
		public AcquireResult acquire(String key, String owner, @Nullable Duration ttl, long attempt) {
			throw new IllegalStateException("down");
		}

		@Override
		public boolean undoAcquire(String key, String owner, long attempt) {
			throw new IllegalStateException("down");
		}

		@Override
		public UpdateResult release(String key, String owner, long token) {
			throw new IllegalStateException("down");
		}

		@Override
		public boolean forceRelease(String key) {
			throw new IllegalStateException("down");
		}

		@Override
		public UpdateResult refresh(String key, String owner, long token, Duration ttl) {
			throw new IllegalStateException("down");
		}

		@Override
		public Optional<LockHolder> state(String key) {
			assertThat(key).isEqualTo("lock:_rt:__health");
			throw new IllegalStateException("down");
		}

	}

}
