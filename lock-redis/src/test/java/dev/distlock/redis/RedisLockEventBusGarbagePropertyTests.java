package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.LockProvider;
import dev.distlock.Namespace;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.codec.FlatJson;
import dev.distlock.event.LockEvent;
import dev.distlock.redis.EventInputs.EventSpec;
import dev.distlock.test.redis.TestRedis;

/**
 * The subscriber against whatever a client of the Redis server may publish on the channel, on a real Redis: after any
 * mix of garbage, non-UTF-8 bytes, oversized messages and spoiled payloads, a valid event still arrives, every
 * message that was no lock event was counted as dropped, and the ones that were (a spoiled payload may still be one)
 * arrived in order. Channel order makes it exact: once the valid event is in, everything before it was handled.
 */
class RedisLockEventBusGarbagePropertyTests {

	private static final Duration ARRIVAL = Duration.ofSeconds(10);

	private static final String RECEIVER = "receiver-instance";

	private static final Namespace namespace = Namespace.of("events-garbage-" + UUID.randomUUID());

	private static final List<LockEvent> heard = new CopyOnWriteArrayList<>();

	private static final List<LettuceConnectionFactory> connections = new ArrayList<>();

	private static @Nullable RedisLockEventBus bus;

	private static @Nullable LockProvider receiver;

	// Makes the payloads' locks; no bus, so it publishes nothing itself.
	private static final LockProvider sender = LockProvider.builder(new MemoryLockAdapter())
		.namespace(namespace)
		.instanceId("sender-instance")
		.build();

	@BeforeContainer
	static void subscribe() throws Exception {
		String url = TestRedis.endpoint().url();
		LettuceConnectionFactory busConnections = RedisTestConnections.connect(url);
		connections.add(busConnections);
		connections.add(RedisTestConnections.connect(url));
		bus = new RedisLockEventBus(busConnections);
		receiver = LockProvider.builder(new MemoryLockAdapter())
			.namespace(namespace)
			.instanceId(RECEIVER)
			.eventBus(bus)
			.build();
		receiver.addListener(heard::add);
		await().atMost(ARRIVAL).until(() -> RedisTestConnections.subscribers(connections.get(1),
				RedisLockEventBus.channel(namespace)) == 1);
	}

	@AfterContainer
	static void close() {
		if (bus != null) {
			bus.close();
		}
		connections.forEach(LettuceConnectionFactory::destroy);
	}

	@Provide
	Arbitrary<List<byte[]>> messages() {
		Arbitrary<byte[]> spoiled = Combinators.combine(EventInputs.events(), Arbitraries.of(true, false),
				EventInputs.spoilers())
			.as((spec, includeOwners, spoiler) -> EventInputs.utf8(
					spoiler.spoil(FlatJson.read(LockEventCodec.encode(spec.event(sender), includeOwners)))));
		Arbitrary<byte[]> oversized = Arbitraries.integers()
			.between(RedisLockEventBus.MAX_MESSAGE_BYTES + 1, RedisLockEventBus.MAX_MESSAGE_BYTES + 1000)
			.map((size) -> EventInputs.utf8("{\"v\":3,\"key\":\"" + "k".repeat(size) + "\"}"));
		Arbitrary<byte[]> message = Arbitraries.frequencyOf(
				Tuple.of(4, spoiled),
				Tuple.of(3, EventInputs.garbage().map(EventInputs::utf8)),
				Tuple.of(1, EventInputs.notUtf8()),
				Tuple.of(1, oversized));
		return message.list().ofMaxSize(8);
	}

	@Provide
	Arbitrary<EventSpec> events() {
		return EventInputs.events().filter((spec) -> !spec.origin().equals(RECEIVER));
	}

	@Property(tries = 60)
	void aValidEventAfterAnyGarbageStillArrives(@ForAll("messages") List<byte[]> messages,
			@ForAll("events") EventSpec valid, @ForAll boolean includeOwners) throws Exception {
		long droppedBefore = bus.getGarbageMessageCount();
		int heardBefore = heard.size();
		List<LockEvent> expected = new ArrayList<>();
		int garbage = 0;
		for (byte[] message : messages) {
			LockEvent event = decodeAsTheBusDoes(message);
			if (event == null) {
				garbage++;
			}
			else {
				expected.add(event);
			}
			publish(message);
		}
		LockEvent marker = valid.event(sender);
		expected.add(LockEventCodec.decode(LockEventCodec.encode(marker, includeOwners), receiver));
		publish(EventInputs.utf8(LockEventCodec.encode(marker, includeOwners)));

		await().atMost(ARRIVAL).until(() -> heard.size() >= heardBefore + expected.size());

		List<LockEvent> arrived = heard.subList(heardBefore, heard.size());
		assertThat(arrived).hasSameSizeAs(expected);
		for (int i = 0; i < expected.size(); i++) {
			assertThat(arrived.get(i)).hasSameClassAs(expected.get(i));
			assertThat(arrived.get(i).origin()).isEqualTo(expected.get(i).origin());
			assertThat(arrived.get(i).lock().getKey()).isEqualTo(expected.get(i).lock().getKey());
			assertThat(arrived.get(i).lock().getOwner()).isEqualTo(expected.get(i).lock().getOwner());
		}
		assertThat(bus.getGarbageMessageCount() - droppedBefore).isEqualTo(garbage);
		assertThat(bus.isSubscribed()).isTrue();
	}

	// What the bus delivers for a message: an event of another instance, or null for one it drops.
	private static @Nullable LockEvent decodeAsTheBusDoes(byte[] message) {
		if (message.length > RedisLockEventBus.MAX_MESSAGE_BYTES) {
			return null;
		}
		try {
			String text = StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(message))
				.toString();
			LockEvent event = LockEventCodec.decode(text, receiver);
			// Never RECEIVER's own: no generated origin is that id.
			assertThat(event.origin()).isNotEqualTo(RECEIVER);
			return event;
		}
		catch (CharacterCodingException | IllegalArgumentException ex) {
			return null;
		}
	}

	private static void publish(byte[] message) {
		try (RedisConnection connection = connections.get(1).getConnection()) {
			connection.publish(RedisLockEventBus.channel(namespace).getBytes(StandardCharsets.UTF_8), message);
		}
	}

}
