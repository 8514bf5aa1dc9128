package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.BlockingSettings;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.Namespace;
import dev.distlock.adapter.ReleaseWatch;
import dev.distlock.test.redis.RedisServerProcess;

/**
 * The grant subscription stays alive: its liveness comes from the connection itself (a ping every second), so a
 * subscription that Redis dropped ({@code CLIENT KILL TYPE pubsub}), a Redis that restarted and a Redis that froze are
 * all noticed, and a waiter that waited through the loss is woken by the grant's message again within seconds, without
 * a new wait and long before its poll. Each test has a private server.
 */
class RedisGrantSubscriptionTests {

	// A poll this long never ends a test's wait: a waiter that returns within seconds heard the grant.
	private static final BlockingSettings ONLY_A_GRANT_WAKES = BlockingSettings.of(Duration.ofMinutes(2),
			Duration.ofMinutes(2));

	private static final Duration RECOVERY = Duration.ofSeconds(30);

	private static final Duration HEARD_WITHIN = Duration.ofSeconds(5);

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final Map<RedisServerProcess, RedisCommands<String, String>> commands = new HashMap<>();

	private final Namespace namespace = Namespace.of(List.of("distlock-test", "grants", UUID.randomUUID().toString()));

	private ExecutorService executor;

	@BeforeEach
	void start() {
		this.executor = Executors.newCachedThreadPool();
	}

	@AfterEach
	void stop() throws Exception {
		this.executor.shutdownNow();
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void afterRedisDropsThePubSubConnectionAWaiterIsWokenByItsGrantAgain() throws Exception {
		RedisServerProcess server = server(RedisServerProcess.start());
		RedisLockAdapter holderAdapter = adapter(server);
		RedisLockAdapter waiterAdapter = adapter(server);
		Lock holder = lock(holderAdapter, "killed");
		Lock waiter = lock(waiterAdapter, "killed");
		assertThat(holder.acquire()).isTrue();
		Future<Boolean> acquired = this.executor.submit(() -> waiter.acquireBlocking(ONLY_A_GRANT_WAKES));
		await().atMost(RECOVERY).until(() -> waiterAdapter.waitingCount() == 1 && lineLength(server, "killed") == 1);
		long heardBefore = waiterAdapter.getReceivedGrantMessageCount();

		assertThat(redis(server).clientKill(KillArgs.Builder.typePubsub())).isPositive();

		await().atMost(RECOVERY).until(() -> subscribedShardChannels(server) >= 1 && waiterAdapter.isSubscribed());
		assertThat(holder.release()).isTrue();
		assertThat(acquired.get(HEARD_WITHIN.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(waiterAdapter.getReceivedGrantMessageCount()).isEqualTo(heardBefore + 1);
	}

	@Test
	void aWaiterThatWaitedThroughARestartIsWokenByItsGrant() throws Exception {
		RedisServerProcess server = server(RedisServerProcess.startPersistent());
		RedisLockAdapter holderAdapter = adapter(server);
		RedisLockAdapter waiterAdapter = adapter(server);
		Lock holder = lock(holderAdapter, "restarted");
		Lock waiter = lock(waiterAdapter, "restarted");
		assertThat(holder.acquire()).isTrue();
		Future<Boolean> acquired = this.executor.submit(() -> waiter.acquireBlocking(ONLY_A_GRANT_WAKES));
		await().atMost(RECOVERY).until(() -> lineLength(server, "restarted") == 1);

		server.stop();
		await().atMost(RECOVERY).until(() -> !waiterAdapter.isSubscribed());
		server.restart();

		await().atMost(RECOVERY).until(() -> waiterAdapter.isSubscribed() && subscribedShardChannels(server) >= 1);
		await().atMost(RECOVERY).ignoreExceptions().until(() -> holder.release());
		assertThat(acquired.get(HEARD_WITHIN.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
		assertThat(waiter.getFencingToken()).isPresent();
	}

	@Test
	void aFrozenRedisMarksTheSubscriptionDownWithinSecondsAndAThawedOneUpAgain() {
		RedisServerProcess server = server(RedisServerProcess.start());
		RedisLockAdapter adapter = adapter(server);

		server.freeze();
		// A ping a second, each waiting at most the command timeout (2 s): down within a few seconds.
		await().atMost(Duration.ofSeconds(10)).until(() -> !adapter.isSubscribed());
		server.thaw();

		await().atMost(RECOVERY).until(adapter::isSubscribed);
	}

	@Test
	void afterRedisDropsThePubSubConnectionEveryWaiterOfASemaphoreTriesAgain() throws Exception {
		RedisServerProcess server = server(RedisServerProcess.start());
		LettuceConnectionFactory connections = RedisTestConnections.connect(server.url(), Duration.ofSeconds(2));
		RedisSemaphoreAdapter adapter = new RedisSemaphoreAdapter(connections);
		this.resources.add(0, connections::destroy);
		this.resources.add(0, adapter);
		await().atMost(RECOVERY).until(adapter::isSubscribed);
		String key = this.namespace.qualify("slots");
		adapter.acquire(key, 2, "a", Duration.ofMinutes(5), 1);
		adapter.acquire(key, 2, "b", Duration.ofMinutes(5), 1);
		try (ReleaseWatch first = adapter.watchReleases(key); ReleaseWatch second = adapter.watchReleases(key)) {
			await().atMost(RECOVERY).until(() -> adapter.hears(key));

			assertThat(redis(server).clientKill(KillArgs.Builder.typePubsub())).isPositive();

			// Two slots may have been freed while nobody listened, and how many is unknown: both waiters try again,
			// not only the longest waiting one.
			assertThat(first.await(RECOVERY)).isTrue();
			assertThat(second.await(HEARD_WITHIN)).isTrue();
		}
	}

	private RedisServerProcess server(RedisServerProcess server) {
		this.resources.add(server);
		return server;
	}

	private RedisLockAdapter adapter(RedisServerProcess server) {
		LettuceConnectionFactory connections = RedisTestConnections.connect(server.url(), Duration.ofSeconds(2));
		RedisLockAdapter adapter = new RedisLockAdapter(connections);
		// Closed before the connections it uses.
		this.resources.add(0, connections::destroy);
		this.resources.add(0, adapter);
		await().atMost(RECOVERY).until(adapter::isSubscribed);
		return adapter;
	}

	private Lock lock(RedisLockAdapter adapter, String key) {
		LockProvider provider = LockProvider.builder(adapter).namespace(this.namespace).build();
		return provider.create(key, LockSettings.defaults().withTtl(Duration.ofMinutes(5)));
	}

	private long lineLength(RedisServerProcess server, String key) {
		return redis(server).llen(LockKeys.of(this.namespace.qualify(key)).get(2));
	}

	// PUBSUB SHARDCHANNELS: how many grant channels have subscribers on this server.
	private long subscribedShardChannels(RedisServerProcess server) {
		return redis(server).pubsubShardChannels().stream()
			.filter((channel) -> channel.startsWith(LockKeys.GRANT_PREFIX))
			.count();
	}

	// Plain Lettuce, on a connection of the test's own, which reconnects by itself after a restart.
	private RedisCommands<String, String> redis(RedisServerProcess server) {
		return this.commands.computeIfAbsent(server, (key) -> {
			RedisClient client = RedisClient.create(server.url());
			this.resources.add(client::shutdown);
			StatefulRedisConnection<String, String> connection = client.connect();
			connection.setTimeout(Duration.ofSeconds(2));
			return connection.sync();
		});
	}

}
