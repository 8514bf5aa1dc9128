package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.distlock.BlockingSettings;
import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.LockState;
import dev.distlock.Namespace;
import dev.distlock.test.redis.RedisClusterProcess;

/**
 * Hand-offs on a Redis Cluster of three masters, between independent cluster clients (each adapter stands for one
 * process): a release of a key on any master hands it to the waiter of another process, which returns on the grant
 * announced with sharded pub/sub on that key's master; one process waiting on keys of every master at once hears
 * each grant; the subscription is up soon after construction and gone after close.
 */
class RedisClusterHandOffTests {

	// As long as the wait: a waiter that gets the key within seconds was handed it, it did not poll.
	private static final BlockingSettings ONLY_A_GRANT_WAKES = BlockingSettings.of(Duration.ofSeconds(30),
			Duration.ofSeconds(30));

	private static final Duration TTL = Duration.ofMinutes(1);

	private static RedisClusterProcess cluster;

	private static LettuceConnectionFactory connections;

	private static StringRedisTemplate redis;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final List<Lock> locks = new ArrayList<>();

	private ExecutorService executor;

	private Namespace namespace;

	@BeforeAll
	static void startCluster() {
		cluster = RedisClusterProcess.shared();
		connections = RedisClusterTestConnections.connect(cluster);
		redis = new StringRedisTemplate(connections);
	}

	@AfterAll
	static void disconnect() {
		if (connections != null) {
			connections.destroy();
		}
	}

	@BeforeEach
	void start() {
		cluster.flushAll();
		this.executor = Executors.newCachedThreadPool();
		this.namespace = Namespace.of(List.of("distlock-test", "cluster-hand-off", UUID.randomUUID().toString()));
	}

	@AfterEach
	void stop() throws Exception {
		this.executor.shutdownNow();
		this.locks.forEach(Lock::forceRelease);
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void aReleaseOfAKeyOnAnyMasterHandsItToTheWaiterOfAnotherProcessWhichReturnsOnTheGrant() throws Exception {
		RedisLockAdapter holderAdapter = adapter();
		RedisLockAdapter waiterAdapter = adapter();
		long grants = 0;
		for (Map.Entry<Integer, String> keyOfMaster : keyPerMaster().entrySet()) {
			String key = keyOfMaster.getValue();
			Lock holder = lock(holderAdapter, key);
			Lock waiter = lock(waiterAdapter, key);
			assertThat(holder.acquire()).isTrue();
			long heldToken = holder.getFencingToken().orElseThrow();
			Future<Boolean> acquired = this.executor.submit(() -> waiter.acquireBlocking(ONLY_A_GRANT_WAKES));
			awaitInLine(key, 1);

			assertThat(holder.release()).isTrue();

			assertThat(acquired.get(5, TimeUnit.SECONDS)).as("%s, on the master at port %d", key, keyOfMaster.getKey())
				.isTrue();
			assertThat(waiter.getState()).isInstanceOf(LockState.Acquired.class);
			assertThat(waiter.getFencingToken().orElseThrow()).isGreaterThan(heldToken);
			assertThat(waiterAdapter.getReceivedGrantMessageCount()).as("grants heard after %s", key)
				.isEqualTo(++grants);
			assertThat(holderAdapter.getReceivedGrantMessageCount()).isZero();
			assertThat(waiter.release()).isTrue();
		}
	}

	@Test
	void aProcessWaitingOnKeysOfEveryMasterAtOnceHearsEachGrant() throws Exception {
		RedisLockAdapter holderAdapter = adapter();
		RedisLockAdapter waiterAdapter = adapter();
		List<String> keys = new ArrayList<>(keyPerMaster().values());
		List<Lock> holders = new ArrayList<>();
		List<Future<Boolean>> results = new ArrayList<>();
		for (String key : keys) {
			Lock holder = lock(holderAdapter, key);
			assertThat(holder.acquire()).isTrue();
			holders.add(holder);
			Lock waiter = lock(waiterAdapter, key);
			results.add(this.executor.submit(() -> waiter.acquireBlocking(ONLY_A_GRANT_WAKES)));
		}
		for (String key : keys) {
			awaitInLine(key, 1);
		}

		for (Lock holder : holders) {
			assertThat(holder.release()).isTrue();
		}

		for (int i = 0; i < keys.size(); i++) {
			assertThat(results.get(i).get(5, TimeUnit.SECONDS)).as(keys.get(i)).isTrue();
		}
		assertThat(waiterAdapter.getReceivedGrantMessageCount()).isEqualTo(keys.size());
	}

	@Test
	void processesAreServedFirstComeFirstServedOnTheKeysMaster() throws Exception {
		RedisLockAdapter a = adapter();
		RedisLockAdapter b = adapter();
		RedisLockAdapter c = adapter();
		String key = "fifo";
		Lock holder = lock(a, key);
		assertThat(holder.acquire()).isTrue();
		List<String> served = new CopyOnWriteArrayList<>();
		List<Future<Boolean>> results = new ArrayList<>();
		int position = 0;
		for (RedisLockAdapter adapter : List.of(b, c, a)) {
			Lock waiter = lock(adapter, key);
			String name = "waiter-" + position++;
			results.add(this.executor
				.submit(() -> waiter.runBlocking(() -> served.add(name), ONLY_A_GRANT_WAKES).isAcquired()));
			awaitInLine(key, position);
		}

		assertThat(holder.release()).isTrue();

		for (Future<Boolean> result : results) {
			assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
		}
		assertThat(served).containsExactly("waiter-0", "waiter-1", "waiter-2");
	}

	@Test
	void theSubscriptionIsUpSoonAfterConstructionAndGoneAfterClose() {
		RedisLockAdapter adapter = new RedisLockAdapter(connections);
		try {
			await().atMost(Duration.ofSeconds(10)).until(adapter::isSubscribed);
		}
		finally {
			adapter.close();
		}
		assertThat(adapter.isSubscribed()).isFalse();
		adapter.close();
	}

	private Map<Integer, String> keyPerMaster() {
		return RedisClusterTestConnections.keyPerMaster(cluster, "key-", this.namespace::qualify);
	}

	// A new independent cluster client, as another process would have.
	private RedisLockAdapter adapter() {
		Process process = new Process(RedisClusterTestConnections.connect(cluster));
		this.resources.add(0, process);
		await().atMost(Duration.ofSeconds(10)).until(process.adapter::isSubscribed);
		return process.adapter;
	}

	private Lock lock(RedisLockAdapter adapter, String key) {
		LockProvider provider = LockProvider.builder(adapter).namespace(this.namespace).build();
		Lock lock = provider.create(key, LockSettings.defaults().withTtl(TTL));
		this.locks.add(lock);
		return lock;
	}

	private void awaitInLine(String key, int entries) {
		String qualified = this.namespace.qualify(key);
		await().atMost(Duration.ofSeconds(10)).until(() -> lineLength(qualified) >= entries);
	}

	private static long lineLength(String qualifiedKey) {
		Long length = redis.opsForList().size(LockKeys.of(qualifiedKey).get(2));
		return (length != null) ? length : 0;
	}

	// One process: its own cluster client and adapter, closed in that order's reverse.
	private static final class Process implements AutoCloseable {

		private final LettuceConnectionFactory connectionFactory;

		private final RedisLockAdapter adapter;

		Process(LettuceConnectionFactory connectionFactory) {
			this.connectionFactory = connectionFactory;
			this.adapter = new RedisLockAdapter(connectionFactory);
		}

		@Override
		public void close() {
			this.adapter.close();
			this.connectionFactory.destroy();
		}

	}

}
