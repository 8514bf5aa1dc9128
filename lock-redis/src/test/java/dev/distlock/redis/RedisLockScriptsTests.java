package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import dev.distlock.adapter.LockHolder;
import dev.distlock.test.redis.TestRedis;

/**
 * What the adapter's scripts leave in Redis, read back with plain Redis commands: values, PTTLs, deleted keys and
 * published releases.
 */
class RedisLockScriptsTests {

	private static LettuceConnectionFactory connectionFactory;

	private static RedisLockAdapter adapter;

	private static StringRedisTemplate redis;

	private static RedisMessageListenerContainer listener;

	private static final BlockingQueue<String> published = new LinkedBlockingQueue<>();

	private final List<String> keys = new ArrayList<>();

	@BeforeAll
	static void connect() {
		connectionFactory = RedisTestConnections.connect(TestRedis.endpoint().url());
		adapter = new RedisLockAdapter(connectionFactory, RedisTestConnections.privateChannel());
		redis = new StringRedisTemplate(connectionFactory);
		listener = new RedisMessageListenerContainer();
		listener.setConnectionFactory(connectionFactory);
		listener.addMessageListener(
				(message, pattern) -> published.add(new String(message.getBody(), StandardCharsets.UTF_8)),
				new ChannelTopic(adapter.getSettings().releaseChannel()));
		listener.afterPropertiesSet();
		listener.start();
		await().atMost(Duration.ofSeconds(10)).until(listener::isListening);
	}

	@AfterAll
	static void disconnect() throws Exception {
		if (listener != null) {
			listener.destroy();
		}
		if (adapter != null) {
			adapter.close();
		}
		if (connectionFactory != null) {
			connectionFactory.destroy();
		}
	}

	@AfterEach
	void deleteKeys() {
		redis.delete(this.keys);
		published.clear();
	}

	@Test
	void acquireStoresTheOwnerWithTheTtlAppliedByRedis() {
		String key = key();
		assertThat(adapter.acquire(key, "owner-a", Duration.ofSeconds(30))).isTrue();
		assertThat(redis.opsForValue().get(key)).isEqualTo("owner-a");
		assertThat(pttl(key)).isGreaterThan(Duration.ofSeconds(29).toMillis()).isLessThanOrEqualTo(30_000);
	}

	@Test
	void acquireWithoutTtlStoresAKeyThatNeverExpires() {
		String key = key();
		assertThat(adapter.acquire(key, "owner-a", null)).isTrue();
		assertThat(redis.opsForValue().get(key)).isEqualTo("owner-a");
		assertThat(pttl(key)).isEqualTo(-1);
	}

	@Test
	void subMillisecondTtlsAreRoundedUpNotDropped() {
		String key = key();
		assertThat(adapter.acquire(key, "owner-a", Duration.ofSeconds(20).plusNanos(1))).isTrue();
		assertThat(pttl(key)).isGreaterThan(19_000).isLessThanOrEqualTo(20_001);
	}

	@Test
	void acquireByTheSameOwnerReturnsTrueAndLeavesTheExpiryAlone() {
		String key = key();
		assertThat(adapter.acquire(key, "owner-a", Duration.ofSeconds(10))).isTrue();
		assertThat(adapter.acquire(key, "owner-a", Duration.ofMinutes(10))).isTrue();
		assertThat(pttl(key)).isPositive().isLessThanOrEqualTo(10_000);
		assertThat(adapter.acquire(key, "owner-a", null)).isTrue();
		assertThat(pttl(key)).isPositive().isLessThanOrEqualTo(10_000);
	}

	@Test
	void acquireOfAKeyHeldByAnotherOwnerChangesNothing() {
		String key = key();
		assertThat(adapter.acquire(key, "owner-a", Duration.ofSeconds(10))).isTrue();
		assertThat(adapter.acquire(key, "owner-b", Duration.ofMinutes(10))).isFalse();
		assertThat(adapter.acquire(key, "owner-b", null)).isFalse();
		assertThat(redis.opsForValue().get(key)).isEqualTo("owner-a");
		assertThat(pttl(key)).isPositive().isLessThanOrEqualTo(10_000);
	}

	@Test
	void refreshSetsThePttlFromNow() {
		String key = key();
		assertThat(adapter.acquire(key, "owner-a", Duration.ofSeconds(5))).isTrue();
		assertThat(adapter.refresh(key, "owner-a", Duration.ofMinutes(1))).isTrue();
		assertThat(pttl(key)).isGreaterThan(59_000).isLessThanOrEqualTo(60_000);
		assertThat(adapter.refresh(key, "owner-a", Duration.ofSeconds(2))).isTrue();
		assertThat(pttl(key)).isPositive().isLessThanOrEqualTo(2_000);
	}

	@Test
	void refreshByAnotherOwnerOrOfAFreeKeyChangesNothing() {
		String key = key();
		assertThat(adapter.refresh(key, "owner-a", Duration.ofMinutes(1))).isFalse();
		assertThat(redis.hasKey(key)).isFalse();
		assertThat(adapter.acquire(key, "owner-a", Duration.ofSeconds(10))).isTrue();
		assertThat(adapter.refresh(key, "owner-b", Duration.ofMinutes(10))).isFalse();
		assertThat(redis.opsForValue().get(key)).isEqualTo("owner-a");
		assertThat(pttl(key)).isPositive().isLessThanOrEqualTo(10_000);
	}

	@Test
	void refreshOfAKeyWithoutExpiryReturnsFalseAndDoesNotMakeItExpire() {
		String key = key();
		assertThat(adapter.acquire(key, "owner-a", null)).isTrue();
		assertThat(adapter.refresh(key, "owner-a", Duration.ofSeconds(5))).isFalse();
		assertThat(pttl(key)).isEqualTo(-1);
	}

	@Test
	void releaseDeletesTheKeyAndPublishesItOnTheReleaseChannel() throws InterruptedException {
		String key = key();
		assertThat(adapter.acquire(key, "owner-a", Duration.ofSeconds(30))).isTrue();
		assertThat(adapter.release(key, "owner-a")).isTrue();
		assertThat(redis.hasKey(key)).isFalse();
		assertThat(published.poll(5, TimeUnit.SECONDS)).isEqualTo(key);
	}

	@Test
	void releaseByAnotherOwnerKeepsTheKeyAndPublishesNothing() throws InterruptedException {
		String key = key();
		assertThat(adapter.acquire(key, "owner-a", Duration.ofSeconds(30))).isTrue();
		assertThat(adapter.release(key, "owner-b")).isFalse();
		assertThat(adapter.release(key() + "-free", "owner-b")).isFalse();
		assertThat(redis.opsForValue().get(key)).isEqualTo("owner-a");
		// Messages arrive in order: if the failed releases had published, their keys would come before this one.
		redis.convertAndSend(adapter.getSettings().releaseChannel(), "marker");
		assertThat(published.poll(5, TimeUnit.SECONDS)).isEqualTo("marker");
	}

	@Test
	void forceReleaseDeletesAnyOwnersKeyAndPublishesItButNotForAFreeKey() throws InterruptedException {
		String key = key();
		assertThat(adapter.acquire(key, "owner-a", null)).isTrue();
		assertThat(adapter.forceRelease(key)).isTrue();
		assertThat(redis.hasKey(key)).isFalse();
		assertThat(adapter.forceRelease(key)).isFalse();
		redis.convertAndSend(adapter.getSettings().releaseChannel(), "marker");
		assertThat(published.poll(5, TimeUnit.SECONDS)).isEqualTo(key);
		assertThat(published.poll(5, TimeUnit.SECONDS)).isEqualTo("marker");
	}

	@Test
	void stateReadsTheOwnerAndTheRemainingTimeTogether() {
		String expiring = key();
		String permanent = key();
		assertThat(adapter.state(expiring)).isEmpty();
		assertThat(adapter.acquire(expiring, "owner-a", Duration.ofSeconds(30))).isTrue();
		assertThat(adapter.acquire(permanent, "owner-b", null)).isTrue();
		LockHolder holder = adapter.state(expiring).orElseThrow();
		assertThat(holder.owner()).isEqualTo("owner-a");
		assertThat(holder.remainingTime()).isGreaterThan(Duration.ofSeconds(29)).isLessThanOrEqualTo(Duration.ofSeconds(30));
		assertThat(adapter.state(permanent)).contains(new LockHolder("owner-b", null));
	}

	@Test
	void keysAndOwnersAreDataNeverScriptText() {
		// Lua and RESP syntax in both: spliced into a script they would break it or change what it does.
		String key = key() + " ']] return 1 --\r\n\"";
		String owner = "owner\" == \"x\" or true --]] \u00e9\u00e8 \r\n*1";
		String other = owner + " ";
		assertThat(adapter.acquire(key, owner, Duration.ofSeconds(30))).isTrue();
		assertThat(adapter.acquire(key, other, Duration.ofSeconds(30))).isFalse();
		assertThat(redis.opsForValue().get(key)).isEqualTo(owner);
		assertThat(adapter.state(key)).hasValueSatisfying((holder) -> assertThat(holder.owner()).isEqualTo(owner));
		assertThat(adapter.release(key, other)).isFalse();
		assertThat(adapter.release(key, owner)).isTrue();
		assertThat(redis.hasKey(key)).isFalse();
	}

	private String key() {
		String key = "distlock-test:scripts:" + UUID.randomUUID();
		this.keys.add(key);
		return key;
	}

	private static long pttl(String key) {
		Long pttl = redis.getExpire(key, TimeUnit.MILLISECONDS);
		assertThat(pttl).isNotNull();
		return pttl;
	}

}
