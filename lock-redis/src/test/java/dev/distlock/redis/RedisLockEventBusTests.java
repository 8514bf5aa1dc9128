package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
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
import java.util.concurrent.atomic.AtomicLong;

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

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockBackendException;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.Namespace;
import dev.distlock.OwnerFingerprint;
import dev.distlock.RemainingTime;
import dev.distlock.Ticker;
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

	private LettuceConnectionFactory publisher;

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
		this.busLogger.setLevel(null);
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
			assertThat(event.lock().getKey()).isEqualTo("orders:42");
			assertThat(event.lock().getExpiry()).isEqualTo(Expiry.after(Duration.ofSeconds(30)));
			assertThat(event.lock().getOwner()).as("by default the owner's fingerprint, not the owner")
				.isEqualTo(OwnerFingerprint.of(lock.getOwner()));
		});
		assertThat(((LockAcquiredEvent) b.events().get(0)).token()).isEqualTo(token);
		assertThat(((LockReleasedEvent) b.events().get(1)).token()).isEqualTo(token);
		// The acquired event's lock was made while A held the lock, the released event's after.
		assertThat(b.events().get(0).lock().getFencingToken()).hasValue(token);
		assertThat(b.events().get(1).lock().getFencingToken()).isEmpty();
		assertThat(a.events()).as("A's listeners hear A's events once, locally")
			.extracting(LockEvent::origin)
			.containsExactly("instance-a", "instance-a");
		assertThat(a.bus().getDroppedEventCount() + b.bus().getDroppedEventCount()).isZero();
		assertThat(a.bus().getGarbageMessageCount() + b.bus().getGarbageMessageCount()).isZero();
	}

	@Test
	void byDefaultAReceivedLockCannotReleaseOrRefreshTheSendersLock() {
		Instance a = instance("instance-a", this.namespace);
		Instance b = instance("instance-b", this.namespace);
		awaitSubscribers(2);
		Lock lock = a.provider().create("handover", LockSettings.defaults().withTtl(Duration.ofSeconds(30)));
		assertThat(lock.acquire()).isTrue();

		await().atMost(ARRIVAL).until(() -> !b.events().isEmpty());
		Lock received = b.events().get(0).lock();

		assertThat(received.getOwner()).isEqualTo(OwnerFingerprint.of(lock.getOwner()));
		assertThat(received.isLocked()).isTrue();
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(received::release);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(received::refresh);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(received::forceRelease);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(received::toHandle);
		// The owner's credential never crossed: A still holds its lock, and only A releases it.
		assertThat(lock.getRemainingTime()).as("still held by A").isInstanceOf(RemainingTime.ExpiresIn.class);
		assertThat(lock.release()).isTrue();
	}

	@Test
	void withOwnersIncludedAReceivedLockIsALiveLockOfTheReceivingInstance() {
		Instance a = instance("instance-a", this.namespace, true);
		Instance b = instance("instance-b", this.namespace, true);
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
	void anInstancesOwnEventsComingBackFromRedisNeverTakeRoomInItsQueue() {
		Instance a = instance("instance-a", this.namespace);
		Instance b = instance("instance-b", this.namespace);
		awaitSubscribers(2);

		for (int i = 0; i < 50; i++) {
			assertThat(a.provider().create("own-" + i).acquire()).isTrue();
		}
		await().atMost(ARRIVAL).until(() -> b.events().size() == 50);
		fireAndAwait(b, a);

		// Under load, A's own 50 would otherwise crowd out B's events and be counted as lost when nothing was.
		assertThat(a.bus().queuedMessageCount()).as("only B's event").isEqualTo(1);
		assertThat(b.bus().queuedMessageCount()).isEqualTo(50);
		assertThat(a.bus().getDroppedEventCount() + b.bus().getDroppedEventCount()).isZero();
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
		publishRaw(LockEventCodec.encode(new LockAcquiredEvent(c.provider().create("elsewhere"), "instance-c", 1), false));
		fireAndAwait(a, b);

		assertThat(b.events()).extracting(LockEvent::origin).containsExactly("instance-a");
		// Dropped by both buses of this namespace.
		assertThat(droppedMessages()).hasSize(2)
			.allSatisfy((message) -> assertThat(message).contains("namespace is '" + other.root().substring(0, 32)));
		assertThat(c.events()).extracting(LockEvent::origin).containsExactly("instance-c");
	}

	@Test
	void garbageOnTheChannelIsCountedAndDroppedAndTheNextEventStillArrives() {
		this.busLogger.setLevel(Level.DEBUG);
		Instance a = instance("instance-a", this.namespace);
		Instance b = instance("instance-b", this.namespace);
		awaitSubscribers(2);

		publishRaw("garbage");
		publishRaw("{\"v\":1,\"type\":\"acquired\"");
		publishRaw("{\"v\":1,\"type\":\"exploded\",\"origin\":\"x\",\"namespace\":\"" + this.namespace.root()
				+ "\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null}");
		publishRaw("{\"v\":4}");
		publishRaw(new byte[] { '{', (byte) 0xC3, (byte) 0x28, '}' });
		publishRaw("x".repeat(RedisLockEventBus.MAX_MESSAGE_BYTES + 1));
		fireAndAwait(a, b);

		assertThat(b.events()).extracting(LockEvent::origin).containsExactly("instance-a");
		assertThat(b.bus().getGarbageMessageCount()).isEqualTo(6);
		assertThat(a.bus().getGarbageMessageCount()).isEqualTo(6);
		// One WARN per bus, for the first; the others within the minute are counted, each reason at DEBUG.
		assertThat(droppedMessages(Level.WARN)).hasSize(2)
			.allSatisfy((message) -> assertThat(message).contains("not a flat JSON object")
				.contains("further ones are counted and logged at most once every PT1M"));
		assertThat(droppedMessages(Level.DEBUG)).hasSize(2 * 5)
			.anySatisfy((message) -> assertThat(message).contains("unknown event type 'exploded'"))
			.anySatisfy((message) -> assertThat(message).contains("version 'v' is 4"))
			.anySatisfy((message) -> assertThat(message).contains("not UTF-8 text"))
			.anySatisfy((message) -> assertThat(message).contains("more than " + RedisLockEventBus.MAX_MESSAGE_BYTES));
		assertThat(this.log.list).allSatisfy((event) -> assertThat(event.getThrowableProxy()).isNull());
		assertThat(b.bus().isSubscribed()).isTrue();
	}

	@Test
	void aFloodOfGarbageIsOneWarnPerIntervalWithTheCount() {
		AtomicLong nanos = new AtomicLong();
		// The only bus on the channel, so that every line is its own; the events come raw, from no instance.
		Instance b = instance("instance-b", this.namespace, false, nanos::get);
		awaitSubscribers(1);

		for (int i = 0; i < 500; i++) {
			publishRaw("garbage " + i);
		}
		publishAndAwait(b);
		assertThat(droppedMessages()).singleElement().asString().contains("expected '{' at offset 0");

		nanos.addAndGet(RedisLockEventBus.DROP_REPORT_INTERVAL.toNanos());
		publishRaw("garbage 500");
		publishAndAwait(b);
		assertThat(droppedMessages()).hasSize(2)
			.last()
			.asString()
			.startsWith("Dropped 500 messages on Redis channel '" + RedisLockEventBus.channel(this.namespace) + "'")
			.contains("in the last PT1M; the last one: not a flat JSON object");

		// A burst that stops is reported with the next event once its minute is over.
		publishRaw("garbage 501");
		publishRaw("garbage 502");
		publishAndAwait(b);
		assertThat(droppedMessages()).hasSize(2);
		nanos.addAndGet(RedisLockEventBus.DROP_REPORT_INTERVAL.toNanos());
		publishAndAwait(b);
		assertThat(droppedMessages()).hasSize(3).last().asString().startsWith("Dropped 2 messages");
		assertThat(b.bus().getGarbageMessageCount()).isEqualTo(503);
		assertThat(b.events()).hasSize(4);
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

	// A lock event from an instance that is not there, published raw; once B has it, B has handled everything
	// published on the channel before.
	private void publishAndAwait(Instance b) {
		int before = b.events().size();
		publishRaw(LockEventCodec.encode(
				new LockAcquiredEvent(b.provider().create("marker-" + UUID.randomUUID()), "elsewhere", 1), false));
		await().atMost(ARRIVAL).until(() -> b.events().size() > before);
	}

	private List<String> droppedMessages() {
		return droppedMessages(Level.WARN);
	}

	private List<String> droppedMessages(Level level) {
		return this.log.list.stream()
			.filter((event) -> event.getLevel() == level)
			.map(ILoggingEvent::getFormattedMessage)
			.filter((message) -> message.startsWith("Dropped "))
			.toList();
	}


	private Instance instance(String instanceId, Namespace namespace) {
		return instance(instanceId, namespace, false);
	}

	private Instance instance(String instanceId, Namespace namespace, boolean includeOwners) {
		return instance(instanceId, namespace, includeOwners, Ticker.system());
	}

	private Instance instance(String instanceId, Namespace namespace, boolean includeOwners, Ticker ticker) {
		LettuceConnectionFactory connectionFactory = connect();
		RedisLockAdapter adapter = new RedisLockAdapter(connectionFactory,
				RedisLockAdapterSettings.defaults());
		this.resources.add(0, adapter);
		return instance(instanceId, namespace, connectionFactory, adapter, includeOwners, ticker);
	}

	private Instance instance(String instanceId, Namespace namespace, LockAdapter adapter) {
		return instance(instanceId, namespace, connect(), adapter, false, Ticker.system());
	}

	private Instance instance(String instanceId, Namespace namespace, LettuceConnectionFactory connectionFactory,
			LockAdapter adapter, boolean includeOwners, Ticker ticker) {
		RedisLockEventBus bus = new RedisLockEventBus(connectionFactory, includeOwners, ticker,
				RedisLockEventBus.DROP_REPORT_INTERVAL);
		this.resources.add(0, bus);
		LockProvider provider = LockProvider.builder(adapter)
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
		if (this.publisher == null) {
			this.publisher = connect();
		}
		try (RedisConnection connection = this.publisher.getConnection()) {
			connection.publish(RedisLockEventBus.channel(this.namespace).getBytes(StandardCharsets.UTF_8), message);
		}
	}

	private record Instance(LockProvider provider, RedisLockEventBus bus, List<LockEvent> events) {
	}

	/** A backend that is always broken: every operation throws. */
	private static LockAdapter brokenAdapter() {
		InstrumentedLockAdapter adapter = new InstrumentedLockAdapter(new MemoryLockAdapter());
		adapter.failWith(new IllegalStateException("disk on fire"));
		return adapter;
	}

}
