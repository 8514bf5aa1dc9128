package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnectionFactory;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.Namespace;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;

/**
 * What the bus drops when Redis does not keep up, without a Redis: a connection factory whose connections hang until
 * the test lets them fail holds the publisher thread, so the queue fills exactly. Every event lost is counted, and the
 * log has one line for the first and one per interval after, with the count.
 */
class RedisLockEventBusDropTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final AtomicLong nanos = new AtomicLong();

	private final CountDownLatch connecting = new CountDownLatch(1);

	private final CountDownLatch fail = new CountDownLatch(1);

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	private final Logger busLogger = (Logger) LoggerFactory.getLogger(RedisLockEventBus.class);

	private RedisLockEventBus bus;

	private LockProvider provider;

	@BeforeEach
	void startBus() {
		this.log.start();
		this.busLogger.addAppender(this.log);
		this.bus = new RedisLockEventBus(hangingConnections(), false, this.nanos::get,
				RedisLockEventBus.DROP_REPORT_INTERVAL);
		this.provider = LockProvider.builder(new MemoryLockAdapter())
			.namespace(Namespace.of("drops"))
			.instanceId("instance-a")
			.eventBus(this.bus)
			.build();
	}

	@AfterEach
	void tearDown() {
		this.fail.countDown();
		this.bus.close();
		this.busLogger.detachAppender(this.log);
	}

	@Test
	void everyEventLostIsCountedAndLoggedOncePerInterval() throws Exception {
		Lock lock = this.provider.create("k");
		publish(lock, 1);
		await().atMost(WAIT).until(() -> this.connecting.getCount() == 0);
		// The publisher hangs on its first batch, of one event; the queue takes its capacity, then drops.
		publish(lock, RedisLockEventBus.QUEUE_CAPACITY + 100);
		assertThat(this.bus.getDroppedEventCount()).isEqualTo(100);
		assertThat(lines()).singleElement()
			.asString()
			.isEqualTo("Lost a lock event on Redis channel 'distlock:events:drops': the queue of events to publish is "
					+ "full (20000 events or 16777216 bytes waiting: Redis is slow or unreachable); other instances "
					+ "miss it. Further drops are counted and logged at most once every PT1M");

		this.nanos.addAndGet(RedisLockEventBus.DROP_REPORT_INTERVAL.toNanos());
		publish(lock, 1);
		assertThat(lines()).hasSize(2)
			.last()
			.asString()
			.startsWith("Lost 100 lock events on Redis channel 'distlock:events:drops' in the last PT1M; the last "
					+ "because the queue of events to publish is full");

		// Redis fails them all now: the batches go fast, each lost, counted, within the minute logged not yet.
		this.fail.countDown();
		long published = 1 + RedisLockEventBus.QUEUE_CAPACITY + 100 + 1;
		await().atMost(WAIT).until(() -> this.bus.getDroppedEventCount() == published);
		assertThat(lines()).hasSize(2);
		this.bus.close();
		assertThat(lines()).hasSize(3)
			.last()
			.asString()
			.startsWith("Lost " + (RedisLockEventBus.QUEUE_CAPACITY + 1) + " lock events on Redis channel "
					+ "'distlock:events:drops' in the last PT0S; the last because Redis did not publish them "
					+ "(org.springframework.data.redis.RedisConnectionFailureException: no Redis here");
		assertThat(this.log.list).allSatisfy((event) -> assertThat(event.getFormattedMessage()).doesNotContain(
				lock.getOwner()));
	}

	@Test
	void eventsOfOtherInstancesAndEventsAfterCloseAreNotPublishedNorCounted() {
		Lock lock = this.provider.create("k");
		List<LockEvent> heard = new CopyOnWriteArrayList<>();
		this.provider.addListener(heard::add);
		this.bus.publish(new LockAcquiredEvent(lock, "instance-b", 1));
		this.bus.close();
		this.bus.publish(new LockAcquiredEvent(lock, "instance-a", 2));

		assertThat(heard).as("delivered locally all the same").hasSize(2);
		assertThat(this.connecting.getCount()).as("nothing published").isEqualTo(1);
		assertThat(this.bus.getDroppedEventCount()).isZero();
	}

	private void publish(Lock lock, int count) {
		for (int i = 0; i < count; i++) {
			this.bus.publish(new LockAcquiredEvent(lock, "instance-a", i));
		}
	}

	private List<String> lines() {
		return this.log.list.stream()
			.filter((event) -> event.getLevel() == Level.WARN)
			.map(ILoggingEvent::getFormattedMessage)
			.toList();
	}

	// Not Lettuce, so the bus neither subscribes nor pipelines natively: Spring's pipelining asks for a connection.
	private RedisConnectionFactory hangingConnections() {
		return (RedisConnectionFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { RedisConnectionFactory.class }, (proxy, method, args) -> {
					switch (method.getName()) {
						case "getConnection" -> {
							this.connecting.countDown();
							this.fail.await();
							throw new RedisConnectionFailureException("no Redis here");
						}
						case "toString" -> {
							return "hanging connections";
						}
						case "hashCode" -> {
							return System.identityHashCode(proxy);
						}
						case "equals" -> {
							return proxy == args[0];
						}
						default -> {
							return (method.getReturnType() == boolean.class) ? false : null;
						}
					}
				});
	}

}
