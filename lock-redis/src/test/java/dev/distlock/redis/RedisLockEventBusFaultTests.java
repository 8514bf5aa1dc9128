package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.Namespace;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.event.LockEvent;
import dev.distlock.test.redis.RedisServerProcess;

/**
 * The event bus with its Redis gone and back, on a private {@code redis-server}: lock operations neither fail nor wait
 * for the bus, local listeners still hear everything, and once Redis is back the subscription resumes by itself.
 * The locks here are memory locks, so that only the bus depends on the Redis that goes away.
 */
class RedisLockEventBusFaultTests {

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);

	private static final Duration RECOVERY = Duration.ofSeconds(40);

	private static RedisServerProcess server;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final Namespace namespace = Namespace.of("events-fault-" + UUID.randomUUID());

	@BeforeAll
	static void startServer() {
		server = RedisServerProcess.start();
	}

	@AfterAll
	static void stopServer() {
		if (server != null) {
			server.close();
		}
	}

	@AfterEach
	void tearDown() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void whileRedisIsDownLockOperationsGoOnAndAfterARestartEventsFlowAgain() throws Exception {
		List<LockEvent> heardByA = new CopyOnWriteArrayList<>();
		List<LockEvent> heardByB = new CopyOnWriteArrayList<>();
		RedisLockEventBus busA = bus();
		LockProvider a = provider("instance-a", busA, heardByA);
		provider("instance-b", bus(), heardByB);
		LettuceConnectionFactory probe = connect();
		await().atMost(RECOVERY).until(() -> subscribers(probe) == 2);

		server.stop();
		Lock duringOutage = a.create("outage");
		long start = System.nanoTime();
		assertThat(duringOutage.acquire()).isTrue();
		assertThat(duringOutage.release()).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).as("the bus publishes in the background")
			.isLessThan(COMMAND_TIMEOUT);
		assertThat(heardByA).as("local listeners hear everything").hasSize(2);
		// Lettuce's connection is down or its replies do not come: both events are lost, and counted.
		await().atMost(RECOVERY).until(() -> busA.getDroppedEventCount() == 2);

		server.restart();
		await().atMost(RECOVERY).ignoreExceptions().until(() -> subscribers(probe) == 2);
		Lock afterRestart = a.create("after-restart");
		assertThat(afterRestart.acquire()).isTrue();

		await().atMost(RECOVERY)
			.until(() -> heardByB.stream().anyMatch((event) -> event.lock().getKey().equals("after-restart")));
	}

	private RedisLockEventBus bus() {
		RedisLockEventBus bus = new RedisLockEventBus(connect());
		this.resources.add(0, bus);
		return bus;
	}

	private LockProvider provider(String instanceId, RedisLockEventBus bus, List<LockEvent> heard) {
		LockProvider provider = LockProvider.builder(new MemoryLockAdapter())
			.namespace(this.namespace)
			.instanceId(instanceId)
			.eventBus(bus)
			.build();
		provider.addListener(heard::add);
		return provider;
	}

	private LettuceConnectionFactory connect() {
		LettuceConnectionFactory connectionFactory = RedisTestConnections.connect(server.url(), COMMAND_TIMEOUT);
		this.resources.add(connectionFactory::destroy);
		return connectionFactory;
	}

	private long subscribers(LettuceConnectionFactory probe) throws Exception {
		return RedisTestConnections.subscribers(probe, RedisLockEventBus.channel(this.namespace));
	}

}
