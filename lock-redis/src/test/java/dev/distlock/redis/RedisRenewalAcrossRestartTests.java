package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.Namespace;
import dev.distlock.Renewal;
import dev.distlock.event.LockLostEvent;
import dev.distlock.test.InstrumentedLockAdapter;
import dev.distlock.test.redis.RedisServerProcess;

/**
 * A renewed lock held across a crash and restart of a Redis that keeps its data (an append-only file fsync'd on
 * every write): the renewals that fail while Redis is down are retried, and once it is back renewal resumes, so the
 * lock is never lost.
 */
class RedisRenewalAcrossRestartTests {

	private static final Duration TTL = Duration.ofSeconds(1);

	private static RedisServerProcess server;

	private static ClientResources resources;

	private static LettuceConnectionFactory connectionFactory;

	private RedisLockAdapter adapter;

	private LockProvider provider;

	@BeforeAll
	static void start() {
		server = RedisServerProcess.startPersistent();
		// Lettuce's default reconnect backoff doubles up to 30 seconds: it would reconnect after the TTL is over.
		resources = ClientResources.builder().reconnectDelay(Delay.constant(Duration.ofMillis(20))).build();
		connectionFactory = new LettuceConnectionFactory(LettuceConnectionFactory.createRedisConfiguration(server.url()),
				LettuceClientConfiguration.builder()
					.clientResources(resources)
					.commandTimeout(RedisTestConnections.COMMAND_TIMEOUT)
					.build());
		connectionFactory.afterPropertiesSet();
	}

	@AfterAll
	static void stop() {
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
		if (resources != null) {
			resources.shutdown();
		}
		if (server != null) {
			server.close();
		}
	}

	@AfterEach
	void close() {
		this.provider.close();
		this.adapter.close();
	}

	@Test
	void aRenewedLockHeldAcrossARestartIsStillHeldAndRenewedAfterwards() {
		this.adapter = new RedisLockAdapter(connectionFactory,
				RedisLockAdapterSettings.defaults().withCommandTimeout(Duration.ofMillis(300)));
		InstrumentedLockAdapter calls = new InstrumentedLockAdapter(this.adapter);
		this.provider = LockProvider.builder(calls).namespace(Namespace.of("restart-" + UUID.randomUUID())).build();
		List<LockLostEvent> lost = new CopyOnWriteArrayList<>();
		this.provider.addListener(LockLostEvent.class, lost::add);
		Lock lock = this.provider.create("renewed", LockSettings.defaults().withTtl(TTL).withRenewal(Renewal.ENABLED));
		String key = this.provider.getNamespace().qualify("renewed");
		// The connection opened first: an acquire whose answer took longer than the 1 s TTL would count as not
		// acquired, and opening a connection on a loaded machine can.
		assertThat(this.adapter.state(key)).isEmpty();
		assertThat(lock.acquire()).isTrue();
		long token = lock.getFencingToken().orElseThrow();
		// Just after a renewal, so that the restart has most of a TTL to complete.
		int renewed = calls.refreshAllCalls();
		await().atMost(Duration.ofSeconds(5)).until(() -> calls.refreshAllCalls() > renewed);

		server.stop();
		server.restart();

		// Three renewals after the restart span more than the TTL: without them the key would have expired.
		int afterRestart = calls.refreshAllCalls();
		await().atMost(Duration.ofSeconds(10)).until(() -> lock.isLost() || calls.refreshAllCalls() >= afterRestart + 3);
		assertThat(lost).isEmpty();
		assertThat(lock.isLost()).isFalse();
		assertThat(this.adapter.state(key)).hasValueSatisfying((holder) -> {
			assertThat(holder.token()).isEqualTo(token);
			assertThat(holder.remainingTime()).isPositive().isLessThanOrEqualTo(TTL);
		});
		assertThat(lock.release()).isTrue();
	}

}
