package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.LockMode;
import dev.distlock.adapter.ReleaseWatch;
import dev.distlock.test.redis.TestRedis;

/**
 * Blocked acquires of one process hear of leases freed by another: two adapters on separate connection factories,
 * the release announced by one's script on the key's slot channel, the watch opened on the other woken (a polling
 * watch would answer {@code false}).
 */
class RedisLeaseWakeUpTests {

	private static final Duration WAKE = Duration.ofSeconds(10);

	private static final Duration QUIET = Duration.ofMillis(500);

	private static final Duration MINUTE = Duration.ofMinutes(1);

	// The subscription's ping waits this long: on a loaded machine a slower answer would replace its connection, and
	// the messages sent meanwhile would be missed, which these tests are not about (RedisGrantSubscriptionTests is).
	private static final RedisLockAdapterSettings PATIENT = RedisLockAdapterSettings.defaults()
		.withCommandTimeout(RedisTestConnections.COMMAND_TIMEOUT);

	private LettuceConnectionFactory releasing;

	private LettuceConnectionFactory waiting;

	private RedisSemaphoreAdapter releasingSemaphores;

	private RedisSemaphoreAdapter waitingSemaphores;

	private RedisReadWriteLockAdapter releasingLocks;

	private RedisReadWriteLockAdapter waitingLocks;

	private String key;

	@BeforeEach
	void connect() {
		String url = TestRedis.endpoint().url();
		this.releasing = RedisTestConnections.connect(url);
		this.waiting = RedisTestConnections.connect(url);
		this.releasingSemaphores = new RedisSemaphoreAdapter(this.releasing, PATIENT);
		this.waitingSemaphores = new RedisSemaphoreAdapter(this.waiting, PATIENT);
		this.releasingLocks = new RedisReadWriteLockAdapter(this.releasing, PATIENT);
		this.waitingLocks = new RedisReadWriteLockAdapter(this.waiting, PATIENT);
		await().atMost(WAKE).until(() -> this.waitingSemaphores.isSubscribed() && this.waitingLocks.isSubscribed());
		this.key = "distlock-test:wake:" + UUID.randomUUID();
	}

	@AfterEach
	void close() {
		this.releasingSemaphores.forceReleaseAll(this.key);
		this.releasingLocks.forceReleaseAll(this.key);
		this.releasingSemaphores.close();
		this.waitingSemaphores.close();
		this.releasingLocks.close();
		this.waitingLocks.close();
		this.releasing.destroy();
		this.waiting.destroy();
	}

	@Test
	void aFreedSlotWakesOneWaiterOfAnotherProcessAndTwoFreedSlotsWakeTwo() throws Exception {
		this.releasingSemaphores.acquire(this.key, 2, "a", MINUTE, 1);
		this.releasingSemaphores.acquire(this.key, 2, "b", MINUTE, 1);
		try (ReleaseWatch first = this.waitingSemaphores.watchReleases(this.key);
				ReleaseWatch second = this.waitingSemaphores.watchReleases(this.key)) {
			// Released only once this process hears the key: a message sent before would be nobody's.
			await().atMost(WAKE).until(() -> this.waitingSemaphores.hears(this.key));
			this.releasingSemaphores.release(this.key, "a", 0);
			assertThat(first.await(WAKE)).as("the longest waiter woken").isTrue();
			assertThat(second.await(QUIET)).as("one slot, one waiter").isFalse();

			this.releasingSemaphores.acquire(this.key, 2, "a", MINUTE, 1);
			assertThat(this.releasingSemaphores.forceReleaseAll(this.key)).isEqualTo(2);
			assertThat(first.await(WAKE)).isTrue();
			assertThat(second.await(WAKE)).isTrue();
		}
	}

	@Test
	void anUndoneSlotWakesAWaiter() throws Exception {
		this.releasingSemaphores.acquire(this.key, 1, "a", MINUTE, 7);
		try (ReleaseWatch watch = this.waitingSemaphores.watchReleases(this.key)) {
			// Released only once this process hears the key: a message sent before would be nobody's.
			await().atMost(WAKE).until(() -> this.waitingSemaphores.hears(this.key));
			assertThat(this.releasingSemaphores.undoAcquire(this.key, "a", 7)).isTrue();
			assertThat(watch.await(WAKE)).isTrue();
		}
	}

	@Test
	void anExpiredSlotDroppedByAnotherScriptWakesAWaiter() throws Exception {
		this.releasingSemaphores.acquire(this.key, 2, "a", Duration.ofMillis(200), 1);
		// A longer slot keeps the keys: the expired one is still stored until a script drops it, and says so. (The
		// last slot's expiry is the keys' own, which nobody announces: waiters retry when it ends.)
		this.releasingSemaphores.acquire(this.key, 2, "b", MINUTE, 1);
		try (ReleaseWatch watch = this.waitingSemaphores.watchReleases(this.key)) {
			// Released only once this process hears the key: a message sent before would be nobody's.
			await().atMost(WAKE).until(() -> this.waitingSemaphores.hears(this.key));
			await().atMost(WAKE).until(() -> this.releasingSemaphores.holders(this.key).holders().size() == 1);
			assertThat(watch.await(WAKE)).isTrue();
		}
	}

	@Test
	void aReleasedWriteWakesEveryWaiterOfAnotherProcess() throws Exception {
		this.releasingLocks.acquire(this.key, LockMode.WRITE, "w", MINUTE, 1, null);
		try (ReleaseWatch first = this.waitingLocks.watchReleases(this.key);
				ReleaseWatch second = this.waitingLocks.watchReleases(this.key)) {
			// Released only once this process hears the key: a message sent before would be nobody's.
			await().atMost(WAKE).until(() -> this.waitingLocks.hears(this.key));
			this.releasingLocks.release(this.key, LockMode.WRITE, "w", 0);
			assertThat(first.await(WAKE)).isTrue();
			assertThat(second.await(WAKE)).isTrue();
		}
	}

	@Test
	void aWithdrawnIntentWakesWaitingReaders() throws Exception {
		this.releasingLocks.acquire(this.key, LockMode.READ, "r", MINUTE, 1, null);
		this.releasingLocks.acquire(this.key, LockMode.WRITE, "w", MINUTE, 2, MINUTE);
		try (ReleaseWatch reader = this.waitingLocks.watchReleases(this.key)) {
			// Released only once this process hears the key: a message sent before would be nobody's.
			await().atMost(WAKE).until(() -> this.waitingLocks.hears(this.key));
			this.releasingLocks.leaveQueue(this.key, "w");
			assertThat(reader.await(WAKE)).isTrue();
		}
	}

	@Test
	void announcementsNameTheKeyAndNeverTheOwner() throws Exception {
		String owner = "secret-owner-" + UUID.randomUUID();
		List<String> messages = new CopyOnWriteArrayList<>();
		RedisClient client = (RedisClient) this.waiting.getRequiredNativeClient();
		try (StatefulRedisPubSubConnection<String, String> pubSub = client.connectPubSub()) {
			pubSub.addListener(new RedisPubSubAdapter<>() {

				@Override
				public void smessage(String channel, String message) {
					messages.add(channel + " " + message);
				}

			});
			pubSub.async().ssubscribe(LeaseKeys.semaphoreChannel(this.key), LeaseKeys.readWriteChannel(this.key))
				.get(10, TimeUnit.SECONDS);
			this.releasingSemaphores.acquire(this.key, 1, owner, MINUTE, 1);
			this.releasingSemaphores.release(this.key, owner, 0);
			this.releasingLocks.acquire(this.key, LockMode.WRITE, owner, MINUTE, 1, null);
			this.releasingLocks.release(this.key, LockMode.WRITE, owner, 0);
			await().atMost(WAKE).until(() -> messages.size() == 2);
			assertThat(messages).containsExactly(LeaseKeys.semaphoreChannel(this.key) + " 1 " + this.key,
					LeaseKeys.readWriteChannel(this.key) + " 1 " + this.key);
			assertThat(messages).noneMatch((message) -> message.contains(owner));
		}
	}

}
