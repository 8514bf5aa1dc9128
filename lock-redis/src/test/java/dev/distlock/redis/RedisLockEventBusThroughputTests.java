package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.Namespace;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.test.redis.TestRedis;
import dev.distlock.test.redis.TestRedisEndpoint;

/**
 * The bus under load on a real Redis, two "instances" with a connection factory and bus each: 20,000 events a second
 * from two threads all reach the other instance, none dropped; and a flood of garbage on the channel is a few log
 * lines. The locks are memory locks: only the events travel through Redis.
 */
class RedisLockEventBusThroughputTests {

	private static final int RATE = 20_000;

	private static final Duration LOAD = Duration.ofSeconds(3);

	private static final Duration WARM_UP = Duration.ofSeconds(2);

	private static final int THREADS = 2;

	private static final Duration ARRIVAL = Duration.ofSeconds(30);

	private static TestRedisEndpoint redis;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final Namespace namespace = Namespace.of("events-load-" + UUID.randomUUID());

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	private Logger busLogger;

	private RedisLockEventBus busA;

	private RedisLockEventBus busB;

	private LockProvider providerA;

	private LockProvider providerB;

	@BeforeAll
	static void findRedis() {
		redis = TestRedis.endpoint();
	}

	@BeforeEach
	void startInstances() {
		this.busLogger = (Logger) LoggerFactory.getLogger(RedisLockEventBus.class);
		this.log.start();
		this.busLogger.addAppender(this.log);
		this.busA = new RedisLockEventBus(connect());
		this.resources.add(0, this.busA);
		this.providerA = provider("instance-a", this.busA);
		this.busB = new RedisLockEventBus(connect());
		this.resources.add(0, this.busB);
		this.providerB = provider("instance-b", this.busB);
		LettuceConnectionFactory probe = connect();
		await().atMost(ARRIVAL)
			.until(() -> RedisTestConnections.subscribers(probe, RedisLockEventBus.channel(this.namespace)) == 2);
	}

	@AfterEach
	void tearDown() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
		this.busLogger.detachAppender(this.log);
	}

	@Test
	void twentyThousandEventsASecondFromTwoThreadsAllReachTheOtherInstance() {
		AtomicLong received = new AtomicLong();
		AtomicLong outOfOrder = new AtomicLong();
		Map<String, Long> lastToken = new ConcurrentHashMap<>();
		// On B's delivery thread, one at a time: each thread's events must come in its order.
		this.providerB.addListener(LockAcquiredEvent.class, (event) -> {
			Long previous = lastToken.put(event.lock().getKey(), event.token());
			if (previous != null && previous >= event.token()) {
				outOfOrder.incrementAndGet();
			}
			received.incrementAndGet();
		});
		// A cold JVM compiles Lettuce's and the bus's code while the first second's events wait: warmed up first,
		// as a running application is. Even then, every event is either received or counted as dropped.
		long warmUp = load(WARM_UP, 0);
		await().atMost(ARRIVAL)
			.until(() -> received.get() + this.busA.getDroppedEventCount() + this.busB.getDroppedEventCount() == warmUp);
		long droppedByA = this.busA.getDroppedEventCount();
		long droppedByB = this.busB.getDroppedEventCount();
		long receivedBefore = received.get();

		long start = System.nanoTime();
		long sent = load(LOAD, warmUp);
		Duration publishing = Duration.ofNanos(System.nanoTime() - start);
		await().atMost(ARRIVAL).until(() -> received.get() - receivedBefore == sent
				|| this.busA.getDroppedEventCount() + this.busB.getDroppedEventCount() > droppedByA + droppedByB);

		assertThat(this.busA.getDroppedEventCount() - droppedByA).as("dropped by the publishing instance").isZero();
		assertThat(this.busB.getDroppedEventCount() - droppedByB).as("dropped by the receiving instance").isZero();
		assertThat(received.get() - receivedBefore).isEqualTo(sent);
		assertThat(this.busB.getGarbageMessageCount()).isZero();
		assertThat(outOfOrder.get()).isZero();
		double rate = sent / (publishing.toNanos() / 1e9);
		assertThat(rate).as("events a second actually published, in %s", publishing).isGreaterThan(RATE * 0.8);
	}

	// Publishes RATE events a second for the duration, from THREADS threads; tokens go on from the first.
	private long load(Duration duration, long first) {
		long perThread = RATE / THREADS * duration.toSeconds();
		List<AtomicLong> sent = new ArrayList<>();
		ScheduledExecutorService producers = Executors.newScheduledThreadPool(THREADS);
		try {
			long start = System.nanoTime();
			for (int t = 0; t < THREADS; t++) {
				AtomicLong count = new AtomicLong();
				sent.add(count);
				Lock lock = this.providerA.create("producer-" + t);
				// Every millisecond, as many as the rate calls for by now: a late tick catches up, the pace holds.
				producers.scheduleAtFixedRate(() -> {
					long due = Math.min(perThread, (System.nanoTime() - start) * (RATE / THREADS) / 1_000_000_000L);
					while (count.get() < due) {
						this.busA.publish(new LockAcquiredEvent(lock, "instance-a", first + count.incrementAndGet()));
					}
				}, 0, 1, TimeUnit.MILLISECONDS);
			}
			await().atMost(duration.multipliedBy(3))
				.pollInterval(Duration.ofMillis(20))
				.until(() -> sent.stream().mapToLong(AtomicLong::get).sum() == perThread * THREADS);
		}
		finally {
			producers.shutdownNow();
		}
		return perThread * THREADS;
	}

	@Test
	void twentyThousandGarbageMessagesAreAFewLogLines() throws Exception {
		int messages = 20_000;
		try (RedisConnection connection = connect().getConnection()) {
			@SuppressWarnings("unchecked")
			BaseRedisAsyncCommands<byte[], byte[]> commands = (BaseRedisAsyncCommands<byte[], byte[]>) connection
				.getNativeConnection();
			byte[] channel = RedisLockEventBus.channel(this.namespace).getBytes(StandardCharsets.UTF_8);
			List<RedisFuture<Long>> replies = new ArrayList<>(messages);
			for (int i = 0; i < messages; i++) {
				replies.add(commands.publish(channel, ("garbage " + i).getBytes(StandardCharsets.UTF_8)));
			}
			for (RedisFuture<Long> reply : replies) {
				assertThat(reply.get(ARRIVAL.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2);
			}
		}

		await().atMost(ARRIVAL)
			.until(() -> this.busA.getGarbageMessageCount() == messages
					&& this.busB.getGarbageMessageCount() == messages);
		assertThat(lines(Level.WARN)).as("the first of each bus, at once").hasSize(2);
		this.busA.close();
		this.busB.close();

		// On close, each bus reports the rest of the minute's count.
		assertThat(lines(Level.WARN)).hasSize(4)
			.filteredOn((line) -> line.startsWith("Dropped " + (messages - 1) + " messages"))
			.hasSize(2)
			.allSatisfy((line) -> assertThat(line).contains("the last one: not a flat JSON object"));
		assertThat(this.busA.getDroppedEventCount() + this.busB.getDroppedEventCount()).isZero();
	}

	private List<String> lines(Level level) {
		return this.log.list.stream()
			.filter((event) -> event.getLevel() == level)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	private LockProvider provider(String instanceId, RedisLockEventBus bus) {
		return LockProvider.builder(new MemoryLockAdapter())
			.namespace(this.namespace)
			.instanceId(instanceId)
			.eventBus(bus)
			.build();
	}

	private LettuceConnectionFactory connect() {
		LettuceConnectionFactory connectionFactory = RedisTestConnections.connect(redis.url());
		this.resources.add(connectionFactory::destroy);
		return connectionFactory;
	}

}
