package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.distlock.LockMode;
import dev.distlock.Namespace;
import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LimitMismatchException;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.test.redis.TestRedis;

/**
 * How the semaphore and read-write lock adapters store their leases: the key layout (apart from locks and from each
 * other, one cluster slot), keys that expire with their last lease, expiry judged by the server's clock, the shared
 * fencing-token sequence, and batched refreshes.
 */
class RedisLeaseStorageTests {

	private static final Duration MINUTE = Duration.ofMinutes(1);

	private static LettuceConnectionFactory connectionFactory;

	private static StringRedisTemplate redis;

	private static RedisLockAdapter locks;

	private final List<ScriptCall> refreshRuns = new CopyOnWriteArrayList<>();

	private RedisSemaphoreAdapter semaphores;

	private RedisReadWriteLockAdapter readWrite;

	private String key;

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestConnections.connect(TestRedis.endpoint().url());
		redis = new StringRedisTemplate(connectionFactory);
		locks = new RedisLockAdapter(connectionFactory);
	}

	@AfterAll
	static void disconnect() {
		if (locks != null) {
			locks.close();
		}
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
	}

	@BeforeEach
	void createAdapters() {
		ScriptExecutor counting = counting(new LettuceScriptExecutor(connectionFactory,
				RedisLockAdapterSettings.DEFAULT_COMMAND_TIMEOUT));
		this.semaphores = new RedisSemaphoreAdapter(connectionFactory, RedisLockAdapterSettings.defaults(), counting);
		this.readWrite = new RedisReadWriteLockAdapter(connectionFactory, RedisLockAdapterSettings.defaults(),
				counting);
		this.key = "distlock-test:storage:" + UUID.randomUUID();
	}

	@AfterEach
	void closeAdapters() {
		this.semaphores.close();
		this.readWrite.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "plain", "{user-42}:own-tag" })
	void aLockASemaphoreAndAReadWriteLockOfOneNameShareNoKeyAndAllSitOnTheNamesSlot(String name) {
		String qualified = "distlock-test:storage:" + UUID.randomUUID() + ":" + name;
		int slot = ClusterSlotHashUtil.calculateSlot(qualified);
		List<String> all = new ArrayList<>();
		all.addAll(LockKeys.of(qualified));
		all.addAll(LeaseKeys.semaphoreAcquire(qualified));
		all.addAll(LeaseKeys.readWriteAcquire(qualified));
		Set<String> distinct = new HashSet<>(all);
		// The fence counter is the one key they share, on purpose: one token sequence per slot.
		assertThat(all).filteredOn((k) -> k.startsWith(FenceKeys.PREFIX)).containsOnly(FenceKeys.of(qualified));
		assertThat(distinct).hasSize(all.size() - 2);
		assertThat(all).allSatisfy((k) -> assertThat(ClusterSlotHashUtil.calculateSlot(k)).as(k).isEqualTo(slot));
		assertThat(ClusterSlotHashUtil.calculateSlot(LeaseKeys.semaphoreChannel(qualified))).isEqualTo(slot);
		assertThat(ClusterSlotHashUtil.calculateSlot(LeaseKeys.readWriteChannel(qualified))).isEqualTo(slot);

		// Each kind takes the name without seeing the others.
		assertThat(locks.acquire(qualified, "lock-owner", MINUTE, 1)).isInstanceOf(AcquireResult.Acquired.class);
		assertThat(this.semaphores.acquire(qualified, 1, "semaphore-owner", MINUTE, 1))
			.isInstanceOf(AcquireResult.Acquired.class);
		assertThat(this.readWrite.acquire(qualified, LockMode.WRITE, "writer", MINUTE, 1, null))
			.isInstanceOf(AcquireResult.Acquired.class);
		assertThat(this.semaphores.holders(qualified).holders()).extracting((h) -> h.owner())
			.containsExactly("semaphore-owner");
		assertThat(this.readWrite.holders(qualified).writer().owner()).isEqualTo("writer");
		assertThat(locks.state(qualified)).hasValueSatisfying((h) -> assertThat(h.owner()).isEqualTo("lock-owner"));
		assertThat(locks.forceRelease(qualified)).isTrue();
		assertThat(this.semaphores.forceReleaseAll(qualified)).isEqualTo(1);
		assertThat(this.readWrite.forceReleaseAll(qualified)).isEqualTo(1);
		assertThat(existing(LeaseKeys.semaphore(qualified))).isZero();
		assertThat(existing(LeaseKeys.readWrite(qualified))).isZero();
	}

	@Test
	void noNamespacedKeyCanEverEqualALeaseKey() {
		// Every namespaced key starts with a namespace root, and no root may contain the root marker: a key that
		// starts with it is nobody's lock, whatever namespace and key a user picks.
		List<String> prefixes = List.of(LeaseKeys.SEMAPHORE_DATA, LeaseKeys.SEMAPHORE_SLOTS, LeaseKeys.READ_WRITE_DATA,
				LeaseKeys.READ_WRITE_READS, LeaseKeys.READ_WRITE_WRITES, LeaseKeys.READ_WRITE_INTENTS,
				LockKeys.LINE_PREFIX, LockKeys.ENTRIES_PREFIX);
		assertThat(prefixes).allSatisfy((prefix) -> assertThat(prefix).startsWith(Namespace.ROOT_MARKER + ":"));
		assertThatIllegalArgumentException().isThrownBy(() -> Namespace.of(List.of(Namespace.ROOT_MARKER, "distlock")));
		assertThat(LeaseKeys.semaphore(this.key)).allSatisfy(
				(leaseKey) -> assertThat(leaseKey).doesNotStartWith(Namespace.of("distlock").qualify("")));
	}

	@Test
	void aNamespaceSpelledLikeALocksLineIsNotThatLine() {
		// Before the marker, the line of lock "ns:_rt:x" was at distlock:line:{T}ns:_rt:x, which is also where the
		// lock "x" of the namespace [distlock, line, {T}ns] lived: two keys of two users in one.
		String lockKey = Namespace.of("ns").qualify("x");
		String tag = LeaseKeys.tag(lockKey);
		String spelledLikeTheLine = Namespace.of(List.of("distlock", "line", tag + "ns")).qualify("x");
		assertThat(spelledLikeTheLine).isEqualTo("distlock:line:" + tag + lockKey);
		assertThat(LockKeys.of(lockKey)).doesNotContain(spelledLikeTheLine);
		assertThat(LockKeys.of(spelledLikeTheLine).subList(1, 4)).doesNotContain(lockKey);
	}

	@Test
	void aSemaphoresKeysExpireWithItsLastSlotAndPersistWhileOneNeverExpires() {
		List<String> keys = LeaseKeys.semaphore(this.key);
		this.semaphores.acquire(this.key, 3, "a", Duration.ofSeconds(2), 1);
		this.semaphores.acquire(this.key, 3, "b", Duration.ofSeconds(30), 1);
		assertThat(keys).allSatisfy((k) -> assertThat(redis.getExpire(k, TimeUnit.MILLISECONDS))
			.as(k)
			.isBetween(29_000L, 30_000L));
		this.semaphores.acquire(this.key, 3, "c", null, 1);
		assertThat(keys).allSatisfy((k) -> assertThat(redis.getExpire(k)).as(k).isEqualTo(-1L));
		assertThat(this.semaphores.release(this.key, "c", 0)).isEqualTo(UpdateResult.UPDATED);
		assertThat(this.semaphores.release(this.key, "b", 0)).isEqualTo(UpdateResult.UPDATED);
		assertThat(keys).allSatisfy((k) -> assertThat(redis.getExpire(k, TimeUnit.MILLISECONDS))
			.as(k)
			.isBetween(1L, 2_000L));
		// Redis drops them itself: no script runs meanwhile.
		await().atMost(Duration.ofSeconds(5)).until(() -> existing(keys) == 0);
		this.semaphores.acquire(this.key, 1, "d", Duration.ofSeconds(30), 1);
		assertThat(this.semaphores.release(this.key, "d", 0)).isEqualTo(UpdateResult.UPDATED);
		assertThat(existing(keys)).as("keys left after the last release").isZero();
	}

	@Test
	void aReadWriteLocksKeysLiveAsLongAsItsLastHoldOrIntent() {
		List<String> keys = LeaseKeys.readWrite(this.key);
		this.readWrite.acquire(this.key, LockMode.READ, "reader", Duration.ofSeconds(2), 1, null);
		assertThat(this.readWrite.acquire(this.key, LockMode.WRITE, "writer", MINUTE, 2, Duration.ofSeconds(20)))
			.isInstanceOf(AcquireResult.Unavailable.class);
		// The intent outlives the read hold: every key stays until it ends.
		assertThat(redis.getExpire(keys.get(3), TimeUnit.MILLISECONDS)).isBetween(19_000L,
				20_000L);
		assertThat(redis.getExpire(keys.get(1), TimeUnit.MILLISECONDS)).isBetween(19_000L,
				20_000L);
		this.readWrite.leaveQueue(this.key, "writer");
		assertThat(redis.getExpire(keys.get(1), TimeUnit.MILLISECONDS)).isBetween(1L, 2_000L);
		await().atMost(Duration.ofSeconds(5)).until(() -> existing(keys) == 0);
		this.readWrite.acquire(this.key, LockMode.WRITE, "writer", null, 3, null);
		assertThat(redis.getExpire(keys.get(2))).isEqualTo(-1L);
		assertThat(this.readWrite.release(this.key, LockMode.WRITE, "writer", 0)).isEqualTo(UpdateResult.UPDATED);
		assertThat(existing(keys)).isZero();
	}

	@Test
	void expiryIsJudgedByTheServersClock() {
		long before = serverMillis();
		this.semaphores.acquire(this.key, 1, "a", MINUTE, 1);
		long after = serverMillis();
		String slots = LeaseKeys.semaphore(this.key).get(1);
		Double expiresAt = redis.opsForZSet().score(slots, "a");
		assertThat(expiresAt).isNotNull();
		assertThat(expiresAt.longValue()).isBetween(before + MINUTE.toMillis(), after + MINUTE.toMillis());
		// The stored expiry is all the scripts go by: set it to the server's past, and the slot is gone at once,
		// whatever TTL the client asked for.
		redis.opsForZSet().add(slots, "a", serverMillis() - 1);
		assertThat(this.semaphores.acquire(this.key, 1, "b", MINUTE, 2)).isInstanceOf(AcquireResult.Acquired.class);
		assertThat(this.semaphores.holders(this.key).holders()).extracting((h) -> h.owner()).containsExactly("b");
		assertThat(this.semaphores.release(this.key, "a", 0)).isEqualTo(UpdateResult.NOT_HELD);

		String writes = LeaseKeys.readWrite(this.key).get(2);
		this.readWrite.acquire(this.key, LockMode.WRITE, "w", MINUTE, 1, null);
		assertThat(this.readWrite.acquire(this.key, LockMode.READ, "r", MINUTE, 2, null))
			.isInstanceOf(AcquireResult.Unavailable.class);
		redis.opsForZSet().add(writes, "w", serverMillis() - 1);
		assertThat(this.readWrite.acquire(this.key, LockMode.READ, "r", MINUTE, 2, null))
			.isInstanceOf(AcquireResult.Acquired.class);
		assertThat(this.readWrite.holders(this.key).writer()).isNull();
	}

	@Test
	void tokensIncreaseAcrossLocksSemaphoresReadWriteLocksReleasesAndExpiries() {
		List<Long> tokens = new ArrayList<>();
		tokens.add(((AcquireResult.Acquired) locks.acquire(this.key, "o", MINUTE, 1)).token());
		tokens.add(acquired(this.semaphores.acquire(this.key, 2, "a", MINUTE, 1)));
		tokens.add(acquired(this.semaphores.acquire(this.key, 2, "b", Duration.ofMillis(200), 1)));
		this.semaphores.release(this.key, "a", 0);
		tokens.add(acquired(this.semaphores.acquire(this.key, 2, "a", MINUTE, 1)));
		await().atMost(Duration.ofSeconds(5)).until(() -> this.semaphores.holders(this.key).holders().size() == 1);
		tokens.add(acquired(this.semaphores.acquire(this.key, 2, "b", MINUTE, 1)));
		tokens.add(acquired(this.readWrite.acquire(this.key, LockMode.READ, "r", MINUTE, 1, null)));
		this.readWrite.release(this.key, LockMode.READ, "r", 0);
		tokens.add(acquired(this.readWrite.acquire(this.key, LockMode.WRITE, "w", MINUTE, 1, null)));
		assertThat(tokens).isSorted().doesNotHaveDuplicates();
		locks.forceRelease(this.key);
		this.semaphores.forceReleaseAll(this.key);
		this.readWrite.forceReleaseAll(this.key);
	}

	@Test
	void theLimitIsCheckedWhileSlotsLiveAndForgottenOnceNoneDoes() {
		this.semaphores.acquire(this.key, 2, "a", MINUTE, 1);
		org.assertj.core.api.Assertions
			.assertThatExceptionOfType(LimitMismatchException.class)
			.isThrownBy(() -> this.semaphores.acquire(this.key, 3, "b", MINUTE, 1))
			.satisfies((ex) -> assertThat(ex.getRecordedLimit()).isEqualTo(2));
		assertThat(this.semaphores.holders(this.key).limit()).isEqualTo(2);
		this.semaphores.release(this.key, "a", 0);
		assertThat(this.semaphores.acquire(this.key, 3, "b", MINUTE, 1)).isInstanceOf(AcquireResult.Acquired.class);
		assertThat(this.semaphores.holders(this.key).limit()).isEqualTo(3);
		this.semaphores.forceReleaseAll(this.key);
	}

	@Test
	void refreshAllOfManyKeysIsOneScriptRun() {
		List<Refresh> refreshes = new ArrayList<>();
		List<String> keys = new ArrayList<>();
		for (int i = 0; i < 40; i++) {
			String each = this.key + ":" + i;
			keys.add(each);
			this.semaphores.acquire(each, 1, "owner", Duration.ofSeconds(5), 1);
			refreshes.add(new Refresh(each, "owner", 0, MINUTE));
		}
		this.semaphores.acquire(this.key + ":never", 1, "owner", null, 1);
		refreshes.add(new Refresh(this.key + ":never", "owner", 0, MINUTE));
		refreshes.add(new Refresh(this.key + ":free", "owner", 0, MINUTE));
		refreshes.add(new Refresh(keys.get(0), "someone-else", 0, MINUTE));
		refreshes.add(new Refresh(keys.get(1), "owner", 12345, MINUTE));
		this.refreshRuns.clear();
		List<UpdateResult> results = this.semaphores.refreshAll(refreshes);
		assertThat(this.refreshRuns).hasSize(1);
		assertThat(results.subList(0, 40)).containsOnly(UpdateResult.UPDATED);
		assertThat(results.subList(40, 44)).containsExactly(UpdateResult.NEVER_EXPIRES, UpdateResult.NOT_HELD,
				UpdateResult.NOT_HELD, UpdateResult.HELD_BY_OTHER);
		assertThat(this.semaphores.holders(keys.get(7)).holders().get(0).remainingTime())
			.isGreaterThan(Duration.ofSeconds(50));

		this.readWrite.acquire(this.key, LockMode.READ, "reader", Duration.ofSeconds(5), 1, null);
		this.refreshRuns.clear();
		assertThat(this.readWrite.refreshAll(LockMode.READ,
				List.of(new Refresh(this.key, "reader", 0, MINUTE), new Refresh(this.key + ":x", "reader", 0, MINUTE))))
			.containsExactly(UpdateResult.UPDATED, UpdateResult.NOT_HELD);
		assertThat(this.readWrite.refreshAll(LockMode.WRITE, List.of(new Refresh(this.key, "reader", 0, MINUTE))))
			.containsExactly(UpdateResult.NOT_HELD);
		assertThat(this.refreshRuns).hasSize(2);
		keys.forEach(this.semaphores::forceReleaseAll);
		this.semaphores.forceReleaseAll(this.key + ":never");
		this.readWrite.forceReleaseAll(this.key);
	}

	@Test
	void aReadRefusedForAnotherOwnersIntentIsToldWhenTheLastSuchIntentEnds() {
		this.readWrite.acquire(this.key, LockMode.READ, "reader", MINUTE, 1, null);
		this.readWrite.acquire(this.key, LockMode.WRITE, "soon", MINUTE, 2, Duration.ofSeconds(10));
		this.readWrite.acquire(this.key, LockMode.WRITE, "later", MINUTE, 3, Duration.ofSeconds(20));
		AcquireResult refused = this.readWrite.acquire(this.key, LockMode.READ, "new-reader", MINUTE, 4, null);
		assertThat(refused).isInstanceOfSatisfying(AcquireResult.Unavailable.class,
				(unavailable) -> assertThat(unavailable.remainingTime()).isBetween(Duration.ofSeconds(15),
						Duration.ofSeconds(20)));
		// An intent that just runs out is announced by nobody: this is when the reader asks again.
		AcquireResult ownIntentIgnored = this.readWrite.acquire(this.key, LockMode.READ, "later", MINUTE, 5, null);
		assertThat(ownIntentIgnored).isInstanceOfSatisfying(AcquireResult.Unavailable.class,
				(unavailable) -> assertThat(unavailable.remainingTime()).isBetween(Duration.ofSeconds(5),
						Duration.ofSeconds(10)));
		assertThat(this.readWrite.forceReleaseAll(this.key)).isEqualTo(1);
		assertThat(this.readWrite.holders(this.key).waitingWriters()).isZero();
	}

	@Test
	void scriptsAreSentAgainAfterRedisForgotThem() {
		assertThat(this.semaphores.acquire(this.key, 1, "a", MINUTE, 1)).isInstanceOf(AcquireResult.Acquired.class);
		redis.execute((RedisCallback<Void>) (connection) -> {
			connection.scriptingCommands().scriptFlush();
			return null;
		});
		assertThat(this.semaphores.release(this.key, "a", 0)).isEqualTo(UpdateResult.UPDATED);
		assertThat(this.readWrite.acquire(this.key, LockMode.READ, "r", MINUTE, 1, null))
			.isInstanceOf(AcquireResult.Acquired.class);
		assertThat(this.readWrite.forceReleaseAll(this.key)).isEqualTo(1);
	}

	private static long acquired(AcquireResult result) {
		assertThat(result).isInstanceOf(AcquireResult.Acquired.class);
		return ((AcquireResult.Acquired) result).token();
	}

	private static long existing(List<String> keys) {
		Long count = redis.countExistingKeys(keys);
		return (count != null) ? count : 0;
	}

	private static long serverMillis() {
		Long time = redis.execute((RedisCallback<Long>) (connection) -> connection
			.serverCommands()
			.time());
		assertThat(time).isNotNull();
		return time;
	}

	private ScriptExecutor counting(ScriptExecutor delegate) {
		List<ScriptCall> runs = this.refreshRuns;
		return new ScriptExecutor() {

			@Override
			public Object execute(RedisScript<?> script, ScriptCall call) {
				return delegate.execute(script, call);
			}

			@Override
			public List<Object> executeAll(RedisScript<?> script, List<ScriptCall> calls) {
				if (script == RedisLeaseScripts.SEMAPHORE_REFRESH || script == RedisLeaseScripts.READ_WRITE_REFRESH) {
					runs.addAll(calls);
				}
				return delegate.executeAll(script, calls);
			}

			@Override
			public boolean isCluster() {
				return delegate.isCluster();
			}

		};
	}

}
