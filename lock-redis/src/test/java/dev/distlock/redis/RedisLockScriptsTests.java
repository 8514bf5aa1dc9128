package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.AcquireResult.Acquired;
import dev.distlock.adapter.AcquireResult.AlreadyHeld;
import dev.distlock.adapter.AcquireResult.Unavailable;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.UpdateResult;
import dev.distlock.test.redis.RedisServerProcess;

/**
 * What the adapter's scripts leave in Redis, read back with plain Redis commands: the lock hashes, PTTLs, fence
 * counters, deleted keys, and how many messages were published (none, with nobody in line). On a private server, so
 * that its command statistics count this class's scripts only.
 */
class RedisLockScriptsTests {

	private static LettuceConnectionFactory connectionFactory;

	private static RedisLockAdapter adapter;

	private static StringRedisTemplate redis;

	private static RedisServerProcess server;

	private final List<String> keys = new ArrayList<>();

	@BeforeAll
	static void connect() {
		server = RedisServerProcess.start();
		connectionFactory = RedisTestConnections.connect(server.url());
		adapter = new RedisLockAdapter(connectionFactory, RedisLockAdapterSettings.defaults());
		redis = new StringRedisTemplate(connectionFactory);
	}

	@AfterAll
	static void disconnect() throws Exception {
		if (adapter != null) {
			adapter.close();
		}
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
		if (server != null) {
			server.close();
		}
	}

	@AfterEach
	void deleteKeys() {
		redis.delete(this.keys);
	}

	@Test
	void acquireStoresOwnerTokenAndAttemptInAHashWithTheTtlAppliedByRedis() {
		String key = key();
		long token = acquired(key, "owner-a", Duration.ofSeconds(30), 42);
		assertThat(hash(key)).containsOnly(Map.entry("owner", "owner-a"), Map.entry("token", Long.toString(token)),
				Map.entry("attempt", "42"));
		assertThat(pttl(key)).isGreaterThan(Duration.ofSeconds(29).toMillis()).isLessThanOrEqualTo(30_000);
	}

	@Test
	void acquireWithoutTtlStoresAKeyThatNeverExpires() {
		String key = key();
		acquired(key, "owner-a", null, 1);
		assertThat(hash(key)).containsEntry("owner", "owner-a");
		assertThat(pttl(key)).isEqualTo(-1);
	}

	@Test
	void subMillisecondTtlsAreRoundedUpNotDropped() {
		String key = key();
		acquired(key, "owner-a", Duration.ofSeconds(20).plusNanos(1), 1);
		assertThat(pttl(key)).isGreaterThan(19_000).isLessThanOrEqualTo(20_001);
	}

	@Test
	void acquireByTheSameOwnerReportsTheExistingHoldAndAdoptsItChangingNothingElse() {
		String key = key();
		long token = acquired(key, "owner-a", Duration.ofSeconds(10), 1);
		assertThat(adapter.acquire(key, "owner-a", Duration.ofMinutes(10), 2)).isInstanceOfSatisfying(
				AlreadyHeld.class, (held) -> {
					assertThat(held.token()).isEqualTo(token);
					assertThat(held.remainingTime()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(10));
				});
		assertThat(adapter.acquire(key, "owner-a", null, 3)).isInstanceOfSatisfying(AlreadyHeld.class,
				(held) -> assertThat(held.token()).isEqualTo(token));
		assertThat(pttl(key)).isPositive().isLessThanOrEqualTo(10_000);
		// Adopted: the attempt that created the hold can no longer undo it.
		assertThat(hash(key)).containsEntry("token", Long.toString(token)).containsEntry("attempt", "0");
	}

	@Test
	void acquireOfAKeyHeldByAnotherOwnerChangesNothingAndReportsTheHoldersRemainingTime() {
		String key = key();
		String permanent = key();
		long token = acquired(key, "owner-a", Duration.ofSeconds(10), 1);
		acquired(permanent, "owner-a", null, 1);
		assertThat(adapter.acquire(key, "owner-b", Duration.ofMinutes(10), 2)).isInstanceOfSatisfying(
				Unavailable.class, (unavailable) -> assertThat(unavailable.remainingTime()).isPositive()
					.isLessThanOrEqualTo(Duration.ofSeconds(10)));
		assertThat(adapter.acquire(permanent, "owner-b", null, 2)).isEqualTo(new Unavailable(null));
		assertThat(hash(key)).containsOnly(Map.entry("owner", "owner-a"), Map.entry("token", Long.toString(token)),
				Map.entry("attempt", "1"));
		assertThat(pttl(key)).isPositive().isLessThanOrEqualTo(10_000);
	}

	@Test
	void tokensStrictlyIncreaseForOneKeyAcrossReleasesAndExpiries() {
		String key = key();
		List<Long> tokens = new ArrayList<>();
		for (int i = 0; i < 5; i++) {
			tokens.add(acquired(key, "owner-" + i, Duration.ofSeconds(30), i + 1));
			assertThat(adapter.release(key, "owner-" + i, tokens.get(i))).isEqualTo(UpdateResult.UPDATED);
		}
		tokens.add(acquired(key, "short-lived", Duration.ofMillis(50), 9));
		await().atMost(Duration.ofSeconds(5)).until(() -> !redis.hasKey(key));
		tokens.add(acquired(key, "after-expiry", Duration.ofSeconds(30), 10));
		assertThat(tokens).isSorted().doesNotHaveDuplicates();
	}

	@Test
	void tokensAreAtLeastTheServersClockInMicroseconds() {
		long before = serverMicros();
		long token = acquired(key(), "owner-a", Duration.ofSeconds(30), 1);
		assertThat(token).isGreaterThanOrEqualTo(before);
	}

	@Test
	void theFenceCounterSitsOnTheLockKeysClusterSlot() {
		String plain = key();
		String tagged = "distlock-test:{orders}:" + UUID.randomUUID();
		String taggedInside = "distlock-test:scripts:" + UUID.randomUUID() + ":{" + UUID.randomUUID() + "}";
		this.keys.add(tagged);
		this.keys.add(taggedInside);
		for (String key : List.of(plain, tagged, taggedInside)) {
			long token = acquired(key, "owner-a", Duration.ofSeconds(30), 1);
			String fence = FenceKeys.of(key);
			assertThat(ClusterSlotHashUtil.calculateSlot(fence)).as(key).isEqualTo(ClusterSlotHashUtil.calculateSlot(key));
			assertThat(fence).startsWith(FenceKeys.PREFIX + "{").endsWith("}");
			assertThat(redis.opsForValue().get(fence)).as(key).isEqualTo(Long.toString(token));
		}
		assertThat(FenceKeys.of(tagged)).isEqualTo(FenceKeys.of("{orders}"));
	}

	@Test
	void everySlotHasItsCounter() {
		for (int slot = 0; slot < ClusterSlotHashUtil.SLOT_COUNT; slot++) {
			assertThat(ClusterSlotHashUtil.calculateSlot(FenceKeys.forSlot(slot))).isEqualTo(slot);
		}
	}

	@Test
	void refreshSetsThePttlFromNow() {
		String key = key();
		long token = acquired(key, "owner-a", Duration.ofSeconds(5), 1);
		assertThat(adapter.refresh(key, "owner-a", token, Duration.ofMinutes(1))).isEqualTo(UpdateResult.UPDATED);
		assertThat(pttl(key)).isGreaterThan(59_000).isLessThanOrEqualTo(60_000);
		assertThat(adapter.refresh(key, "owner-a", LockAdapter.ANY_TOKEN, Duration.ofSeconds(2)))
			.isEqualTo(UpdateResult.UPDATED);
		assertThat(pttl(key)).isPositive().isLessThanOrEqualTo(2_000);
	}

	@Test
	void refreshByAnotherOwnerOrHoldOrOfAFreeKeyChangesNothing() {
		String key = key();
		assertThat(adapter.refresh(key, "owner-a", 0, Duration.ofMinutes(1))).isEqualTo(UpdateResult.NOT_HELD);
		assertThat(redis.hasKey(key)).isFalse();
		long token = acquired(key, "owner-a", Duration.ofSeconds(10), 1);
		assertThat(adapter.refresh(key, "owner-b", 0, Duration.ofMinutes(10))).isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(adapter.refresh(key, "owner-b", token, Duration.ofMinutes(10)))
			.isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(adapter.refresh(key, "owner-a", token - 1, Duration.ofMinutes(10)))
			.isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(hash(key)).containsEntry("owner", "owner-a");
		assertThat(pttl(key)).isPositive().isLessThanOrEqualTo(10_000);
	}

	@Test
	void refreshOfAKeyWithoutExpiryReportsItAndDoesNotMakeItExpire() {
		String key = key();
		long token = acquired(key, "owner-a", null, 1);
		assertThat(adapter.refresh(key, "owner-a", token, Duration.ofSeconds(5)))
			.isEqualTo(UpdateResult.NEVER_EXPIRES);
		assertThat(pttl(key)).isEqualTo(-1);
	}

	@Test
	void refreshAllReturnsEachKeysOwnResultInOrder() {
		String held = key();
		String permanent = key();
		String other = key();
		String free = key();
		long heldToken = acquired(held, "owner-a", Duration.ofSeconds(5), 1);
		long permanentToken = acquired(permanent, "owner-a", null, 1);
		long otherToken = acquired(other, "owner-b", Duration.ofSeconds(5), 1);

		List<UpdateResult> results = adapter.refreshAll(List.of(new Refresh(held, "owner-a", heldToken,
				Duration.ofMinutes(1)), new Refresh(permanent, "owner-a", permanentToken, Duration.ofMinutes(1)),
				new Refresh(other, "owner-a", otherToken, Duration.ofMinutes(1)),
				new Refresh(free, "owner-a", 0, Duration.ofMinutes(1)),
				new Refresh(held, "owner-a", heldToken + 1, Duration.ofMinutes(2))));

		assertThat(results).containsExactly(UpdateResult.UPDATED, UpdateResult.NEVER_EXPIRES,
				UpdateResult.HELD_BY_OTHER, UpdateResult.NOT_HELD, UpdateResult.HELD_BY_OTHER);
		assertThat(pttl(held)).isGreaterThan(59_000).isLessThanOrEqualTo(60_000);
		assertThat(pttl(permanent)).isEqualTo(-1);
		assertThat(pttl(other)).isLessThanOrEqualTo(5_000);
		assertThat(redis.hasKey(free)).isFalse();
		assertThat(adapter.refreshAll(List.of())).isEmpty();
	}

	@Test
	void releaseDeletesTheKeyAndWithNobodyInLinePublishesNothing() {
		long published = publishedMessages();
		String key = key();
		long token = acquired(key, "owner-a", Duration.ofSeconds(30), 1);
		assertThat(adapter.release(key, "owner-a", token)).isEqualTo(UpdateResult.UPDATED);
		assertThat(redis.hasKey(key)).isFalse();
		acquired(key, "owner-a", Duration.ofSeconds(30), 2);
		assertThat(adapter.release(key, "owner-a", LockAdapter.ANY_TOKEN)).isEqualTo(UpdateResult.UPDATED);
		assertThat(publishedMessages()).isEqualTo(published);
	}

	@Test
	void releaseByAnotherOwnerOrHoldKeepsTheKeyAndPublishesNothing() {
		long published = publishedMessages();
		String key = key();
		long token = acquired(key, "owner-a", Duration.ofSeconds(30), 1);
		assertThat(adapter.release(key, "owner-b", 0)).isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(adapter.release(key, "owner-b", token)).isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(adapter.release(key, "owner-a", token + 1)).isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(adapter.release(key() + "-free", "owner-b", 0)).isEqualTo(UpdateResult.NOT_HELD);
		assertThat(hash(key)).containsEntry("owner", "owner-a");
		assertThat(publishedMessages()).isEqualTo(published);
	}

	@Test
	void undoAcquireFreesOnlyTheHoldOfThatAttempt() {
		String key = key();
		acquired(key, "owner-a", Duration.ofSeconds(30), 7);
		assertThat(adapter.undoAcquire(key, "owner-a", 8)).isFalse();
		assertThat(adapter.undoAcquire(key, "owner-b", 7)).isFalse();
		assertThat(adapter.undoAcquire(key() + "-free", "owner-a", 7)).isFalse();
		assertThat(hash(key)).containsEntry("owner", "owner-a").containsEntry("attempt", "7");

		assertThat(adapter.undoAcquire(key, "owner-a", 7)).isTrue();
		assertThat(redis.hasKey(key)).isFalse();

		// A negative attempt id is as good as any: it travels as text.
		acquired(key, "owner-a", Duration.ofSeconds(30), Long.MIN_VALUE);
		assertThat(adapter.undoAcquire(key, "owner-a", Long.MIN_VALUE)).isTrue();
	}

	@Test
	void forceReleaseDeletesAnyOwnersKeyAndTellsWhetherOneWasHeld() {
		long published = publishedMessages();
		String key = key();
		acquired(key, "owner-a", null, 1);
		assertThat(adapter.forceRelease(key)).isTrue();
		assertThat(redis.hasKey(key)).isFalse();
		assertThat(adapter.forceRelease(key)).isFalse();
		assertThat(publishedMessages()).isEqualTo(published);
	}

	@Test
	void stateReadsTheOwnerTokenAndRemainingTimeTogether() {
		String expiring = key();
		String permanent = key();
		assertThat(adapter.state(expiring)).isEmpty();
		long expiringToken = acquired(expiring, "owner-a", Duration.ofSeconds(30), 1);
		long permanentToken = acquired(permanent, "owner-b", null, 1);
		LockHolder holder = adapter.state(expiring).orElseThrow();
		assertThat(holder.owner()).isEqualTo("owner-a");
		assertThat(holder.token()).isEqualTo(expiringToken);
		assertThat(holder.remainingTime()).isGreaterThan(Duration.ofSeconds(29)).isLessThanOrEqualTo(Duration.ofSeconds(30));
		assertThat(adapter.state(permanent)).contains(new LockHolder("owner-b", permanentToken, null));
	}

	@Test
	void aLockOfThePreviousVersionReadsAsHeldByItsOwner() {
		// Before fencing tokens a lock was a string holding its owner; during a rolling upgrade both kinds exist.
		String key = key();
		redis.opsForValue().set(key, "old-owner", Duration.ofSeconds(30));
		assertThat(adapter.acquire(key, "old-owner", Duration.ofSeconds(30), 1)).isInstanceOf(Unavailable.class);
		assertThat(adapter.release(key, "old-owner", 0)).isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(adapter.refresh(key, "old-owner", 0, Duration.ofMinutes(1))).isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(adapter.undoAcquire(key, "old-owner", 1)).isFalse();
		assertThat(adapter.state(key)).hasValueSatisfying((holder) -> {
			assertThat(holder.owner()).isEqualTo("old-owner");
			assertThat(holder.token()).isZero();
		});
		assertThat(redis.opsForValue().get(key)).isEqualTo("old-owner");
		assertThat(adapter.forceRelease(key)).isTrue();
	}

	@Test
	void keysAndOwnersAreDataNeverScriptText() {
		// Lua and RESP syntax in both: spliced into a script they would break it or change what it does.
		String key = key() + " ']] return 1 --\r\n\"";
		this.keys.add(key);
		String owner = "owner\" == \"x\" or true --]] \u00e9\u00e8 \r\n*1";
		String other = owner + " ";
		long token = acquired(key, owner, Duration.ofSeconds(30), 1);
		assertThat(adapter.acquire(key, other, Duration.ofSeconds(30), 2)).isInstanceOf(Unavailable.class);
		assertThat(hash(key)).containsEntry("owner", owner);
		assertThat(adapter.state(key)).hasValueSatisfying((holder) -> assertThat(holder.owner()).isEqualTo(owner));
		assertThat(adapter.release(key, other, token)).isEqualTo(UpdateResult.HELD_BY_OTHER);
		assertThat(adapter.release(key, owner, token)).isEqualTo(UpdateResult.UPDATED);
		assertThat(redis.hasKey(key)).isFalse();
	}

	@Test
	void theTemplatePathForOtherClientsBehavesTheSame() {
		try (RedisLockAdapter template = new RedisLockAdapter(connectionFactory, adapter.getSettings(),
				new TemplateScriptExecutor(connectionFactory))) {
			String key = key();
			AcquireResult first = template.acquire(key, "owner-a", Duration.ofSeconds(30), 1);
			assertThat(first).isInstanceOf(Acquired.class);
			long token = ((Acquired) first).token();
			assertThat(template.acquire(key, "owner-a", null, 2)).isInstanceOf(AlreadyHeld.class);
			assertThat(template.acquire(key, "owner-b", null, 2)).isInstanceOf(Unavailable.class);
			assertThat(template.refreshAll(List.of(new Refresh(key, "owner-a", token, Duration.ofMinutes(1)),
					new Refresh(key, "owner-b", 0, Duration.ofMinutes(1)))))
				.containsExactly(UpdateResult.UPDATED, UpdateResult.HELD_BY_OTHER);
			assertThat(template.state(key)).hasValueSatisfying((holder) -> assertThat(holder.token()).isEqualTo(token));
			assertThat(template.release(key, "owner-a", token)).isEqualTo(UpdateResult.UPDATED);
			assertThat(template.undoAcquire(key, "owner-a", 1)).isFalse();
			assertThat(template.forceRelease(key)).isFalse();
		}
	}

	private String key() {
		String key = "distlock-test:scripts:" + UUID.randomUUID();
		this.keys.add(key);
		return key;
	}

	private static long acquired(String key, String owner, Duration ttl, long attempt) {
		AcquireResult result = adapter.acquire(key, owner, ttl, attempt);
		assertThat(result).isInstanceOf(Acquired.class);
		return ((Acquired) result).token();
	}

	private static Map<Object, Object> hash(String key) {
		return redis.opsForHash().entries(key);
	}

	private static long serverMicros() {
		Long millis = redis.execute((org.springframework.data.redis.core.RedisCallback<Long>) (connection) -> connection
			.serverCommands()
			.time(TimeUnit.MICROSECONDS));
		assertThat(millis).isNotNull();
		return millis;
	}

	private static long pttl(String key) {
		Long pttl = redis.getExpire(key, TimeUnit.MILLISECONDS);
		assertThat(pttl).isNotNull();
		return pttl;
	}

	private static long publishedMessages() {
		return RedisTestConnections.commandCalls(connectionFactory, "publish", "spublish");
	}

}
