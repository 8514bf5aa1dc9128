package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.DefaultLockProvider;
import dev.distlock.Lock;
import dev.distlock.LockBackendException;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.Namespace;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.event.LockUnexpectedErrorEvent;
import dev.distlock.test.InstrumentedLockAdapter;
import dev.distlock.test.redis.TestRedis;
import dev.distlock.test.redis.TestRedisEndpoint;

/**
 * Lock events across instances on a real Redis: each "instance" is a provider with a connection factory, adapter and
 * bus of its own, as in separate JVMs. Order on the channel makes the negative checks exact: once an event published
 * later has arrived, every message published before it has been handled.
 */
class RedisLockEventBusTests {

	private static final Duration ARRIVAL = Duration.ofSeconds(10);

	private static TestRedisEndpoint redis;

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final Namespace namespace = Namespace.of("events-" + UUID.randomUUID());

	private final ListAppender<ILoggingEvent> log = new ListAppender<>();

	private Logger busLogger;

	@BeforeAll
	static void findRedis() {
		redis = TestRedis.endpoint();
	}

	@BeforeEach
	void captureLog() {
		this.busLogger = (Logger) LoggerFactory.getLogger(RedisLockEventBus.class);
		this.log.start();
		this.busLogger.addAppender(this.log);
	}

	@AfterEach
	void tearDown() throws Exception {
		this.busLogger.detachAppender(this.log);
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	@Test
	void eventsFiredInOneInstanceReachTheListenersOfAnotherWithTheSendersOrigin() {
		Instance a = instance("instance-a", this.namespace);
		Instance b = instance("instance-b", this.namespace);
		awaitSubscribers(2);

		Lock lock = a.provider().create("orders:42", LockSettings.defaults().withTtl(Duration.ofSeconds(30)));
		assertThat(lock.acquire()).isTrue();
		long token = lock.getFencingToken().orElseThrow();
		assertThat(lock.release()).isTrue();

		await().atMost(ARRIVAL).until(() -> b.events().size() == 2);
		assertThat(b.events()).extracting(LockEvent::getClass)
			.containsExactly(LockAcquiredEvent.class, LockReleasedEvent.class);
		assertThat(b.events()).allSatisfy((event) -> {
			assertThat(event.origin()).isEqualTo("instance-a");
			assertThat(event.lock().toHandle()).usingRecursiveComparison().ignoringFields("token")
				.isEqualTo(lock.toHandle());
		});
		assertThat(((LockAcquiredEvent) b.events().get(0)).token()).isEqualTo(token);
		assertThat(((LockReleasedEvent) b.events().get(1)).token()).isEqualTo(token);
		// The acquired event's lock was made while A held the lock, the released event's after.
		assertThat(b.events().get(0).lock().getFencingToken()).hasValue(token);
		assertThat(b.events().get(1).lock().getFencingToken()).isEmpty();
		assertThat(a.events()).as("A's listeners hear A's events once, locally")
			.extracting(LockEvent::origin)
			.containsExactly("instance-a", "instance-a");
	}

	@Test
	void aReceivedLockIsALiveLockOfTheReceivingInstance() {
		Instance a = instance("instance-a", this.namespace);
		Instance b = instance("instance-b", this.namespace);
		awaitSubscribers(2);
		Lock lock = a.provider().create("handover", LockSettings.defaults().withTtl(Duration.ofSeconds(30)));
		assertThat(lock.acquire()).isTrue();

		await().atMost(ARRIVAL).until(() -> !b.events().isEmpty());
		Lock received = b.events().get(0).lock();

		assertThat(received.release()).as("B releases what A acquired").isTrue();
		assertThat(lock.isExpired()).isTrue();
	}

	@Test
	void anInstanceNeverHearsItsOwnEventsTwice() {
		Instance a = instance("instance-a", this.namespace);
		Instance b = instance("instance-b", this.namespace);
		awaitSubscribers(2);

		assertThat(b.provider().create("own").acquire()).isTrue();
		// A has B's event: B's message went through Redis, so it reached B's subscription too.
		await().atMost(ARRIVAL).until(() -> a.events().size() == 1);
		fireAndAwait(a, b);

		assertThat(b.events()).extracting(LockEvent::origin).containsExactly("instance-b", "instance-a");
	}

	@Test
	void eventsOfAnotherNamespaceNeverArrive() {
		Instance a = instance("instance-a", this.namespace);
		Instance b = instance("instance-b", this.namespace);
		Namespace other = Namespace.of("events-other-" + UUID.randomUUID());
		Instance c = instance("instance-c", other);
		awaitSubscribers(2);

		assertThat(c.provider().create("elsewhere").acquire()).isTrue();
		// The same lock event with the namespace changed, published on this namespace's channel.
		publishRaw(LockEventCodec.encode(new LockAcquiredEvent(c.provider().create("elsewhere"), "instance-c", 1)));
		fireAndAwait(a, b);

		assertThat(b.events()).extracting(LockEvent::origin).containsExactly("instance-a");
		// Dropped by both buses of this namespace.
		assertThat(droppedMessages()).hasSize(2)
			.allSatisfy((message) -> assertThat(message).contains("namespace is '" + other.root() + "'"));
		assertThat(c.events()).extracting(LockEvent::origin).containsExactly("instance-c");
	}

	@Test
	void garbageOnTheChannelIsLoggedAndDroppedAndTheNextEventStillArrives() {
		Instance a = instance("instance-a", this.namespace);
		Instance b = instance("instance-b", this.namespace);
		awaitSubscribers(2);

		publishRaw("garbage");
		publishRaw("{\"v\":1,\"type\":\"acquired\"");
		publishRaw("{\"v\":1,\"type\":\"exploded\",\"origin\":\"x\",\"namespace\":\"" + this.namespace.root()
				+ "\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null}");
		publishRaw("{\"v\":3}");
		publishRaw(new byte[] { '{', (byte) 0xC3, (byte) 0x28, '}' });
		publishRaw("x".repeat(RedisLockEventBus.MAX_MESSAGE_BYTES + 1));
		fireAndAwait(a, b);

		assertThat(b.events()).extracting(LockEvent::origin).containsExactly("instance-a");
		// Six messages, each dropped by both buses.
		assertThat(droppedMessages()).hasSize(2 * 6)
			.anySatisfy((message) -> assertThat(message).contains("not a flat JSON object"))
			.anySatisfy((message) -> assertThat(message).contains("unknown event type 'exploded'"))
			.anySatisfy((message) -> assertThat(message).contains("version 'v' is 3"))
			.anySatisfy((message) -> assertThat(message).contains("not UTF-8 text"))
			.anySatisfy((message) -> assertThat(message).contains("more than " + RedisLockEventBus.MAX_MESSAGE_BYTES));
		assertThat(this.log.list).allSatisfy((event) -> assertThat(event.getThrowableProxy()).isNull());
		assertThat(b.bus().isSubscribed()).isTrue();
	}

	@Test
	void anUnexpectedErrorArrivesAsARemoteLockException() {
		Instance a = instance("instance-a", this.namespace, brokenAdapter());
		Instance b = instance("instance-b", this.namespace);
		awaitSubscribers(2);

		assertThatThrownBy(() -> a.provider().create("broken").acquire()).isInstanceOf(LockBackendException.class);

		await().atMost(ARRIVAL).until(() -> !b.events().isEmpty());
		assertThat(b.events()).singleElement()
			.isInstanceOfSatisfying(LockUnexpectedErrorEvent.class, (event) -> {
				assertThat(event.origin()).isEqualTo("instance-a");
				assertThat(event.error()).isInstanceOf(RemoteLockException.class)
					.hasMessage("java.lang.IllegalStateException: disk on fire");
			});
	}

	@Test
	void aBusServesOneProvider() {
		RedisLockEventBus bus = new RedisLockEventBus(connect());
		this.resources.add(0, bus);
		LockProvider.builder(brokenAdapter()).eventBus(bus).build();

		assertThatIllegalStateException().isThrownBy(() -> LockProvider.builder(brokenAdapter())
			.eventBus(bus)
			.build()).withMessageContaining("give each provider a bus of its own");
	}

	@Test
	void rejectsNullArgumentsNamingThem() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RedisLockEventBus(null))
			.withMessage("connectionFactory must not be null");
		assertThatIllegalArgumentException().isThrownBy(() -> RedisLockEventBus.channel(null))
			.withMessage("namespace must not be null");
	}

	@Test
	void theChannelIsNamedAfterTheNamespace() {
		assertThat(RedisLockEventBus.channel(Namespace.of("billing").withDelimiter("/")))
			.isEqualTo("distlock:events:billing");
		assertThat(RedisLockEventBus.channel(Namespace.of(List.of("billing", "lock"))))
			.isEqualTo("distlock:events:billing:lock");
	}

	// A fires a fresh event; once B has it, B has handled everything published on the channel before.
	private void fireAndAwait(Instance a, Instance b) {
		int before = b.events().size();
		Lock marker = a.provider().create("marker-" + UUID.randomUUID());
		assertThat(marker.acquire()).isTrue();
		await().atMost(ARRIVAL).until(() -> b.events().size() > before);
	}

	private List<String> droppedMessages() {
		return this.log.list.stream()
			.filter((event) -> event.getLevel() == Level.WARN)
			.map(ILoggingEvent::getFormattedMessage)
			.filter((message) -> message.startsWith("Dropped a message"))
			.toList();
	}

	private Instance instance(String instanceId, Namespace namespace) {
		LettuceConnectionFactory connectionFactory = connect();
		RedisLockAdapter adapter = new RedisLockAdapter(connectionFactory,
				RedisLockAdapterSettings.forNamespace(namespace));
		this.resources.add(0, adapter);
		return instance(instanceId, namespace, connectionFactory, adapter);
	}

	private Instance instance(String instanceId, Namespace namespace, LockAdapter adapter) {
		return instance(instanceId, namespace, connect(), adapter);
	}

	private Instance instance(String instanceId, Namespace namespace, LettuceConnectionFactory connectionFactory,
			LockAdapter adapter) {
		RedisLockEventBus bus = new RedisLockEventBus(connectionFactory);
		this.resources.add(0, bus);
		DefaultLockProvider provider = LockProvider.builder(adapter)
			.namespace(namespace)
			.instanceId(instanceId)
			.eventBus(bus)
			.build();
		List<LockEvent> events = new CopyOnWriteArrayList<>();
		provider.addListener(events::add);
		return new Instance(provider, bus, events);
	}

	private LettuceConnectionFactory connect() {
		LettuceConnectionFactory connectionFactory = RedisTestConnections.connect(redis.url());
		this.resources.add(connectionFactory::destroy);
		return connectionFactory;
	}

	private void awaitSubscribers(int count) {
		LettuceConnectionFactory probe = connect();
		await().atMost(ARRIVAL)
			.until(() -> RedisTestConnections.subscribers(probe, RedisLockEventBus.channel(this.namespace)) == count);
	}

	private void publishRaw(String message) {
		publishRaw(message.getBytes(StandardCharsets.UTF_8));
	}

	private void publishRaw(byte[] message) {
		LettuceConnectionFactory publisher = connect();
		try (RedisConnection connection = publisher.getConnection()) {
			connection.publish(RedisLockEventBus.channel(this.namespace).getBytes(StandardCharsets.UTF_8), message);
		}
	}

	private record Instance(DefaultLockProvider provider, RedisLockEventBus bus, List<LockEvent> events) {
	}

	/** A backend that is always broken: every operation throws. */
	private static LockAdapter brokenAdapter() {
		InstrumentedLockAdapter adapter = new InstrumentedLockAdapter(new MemoryLockAdapter());
		adapter.failWith(new IllegalStateException("disk on fire"));
		return adapter;
	}

}
