package dev.distlock.spring.jackson;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import dev.distlock.DefaultLockProvider;
import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.adapter.MemoryLockAdapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A lock through JSON: written by one provider's mapper, read by another's. The two providers share one memory
 * adapter, as two processes share one Redis; the Redis version of this runs in the starter's tests.
 */
class LockJacksonModuleTests {

	record ShipOrder(String orderId, Lock lock) {
	}

	record Envelope(LockHandle handle) {
	}

	private final MemoryLockAdapter backend = new MemoryLockAdapter();

	private final DefaultLockProvider sender = LockProvider.builder(this.backend).namespace("orders").build();

	private final DefaultLockProvider receiver = LockProvider.builder(this.backend).namespace("orders").build();

	private final JsonMapper senderJson = JsonMapper.builder().addModule(new LockJacksonModule(this.sender)).build();

	private final JsonMapper receiverJson = JsonMapper.builder()
		.addModule(new LockJacksonModule(this.receiver))
		.build();

	@Test
	void aLockInAPayloadIsWrittenAsItsHandleWithoutTypeIds() {
		Lock lock = this.sender.create("orders:42", LockSettings.defaults().withOwner("web-1").withTtl(Duration.ofSeconds(30)));

		assertThat(this.senderJson.writeValueAsString(new ShipOrder("42", lock))).isEqualTo(
				"{\"orderId\":\"42\",\"lock\":{\"namespace\":\"orders\",\"key\":\"orders:42\",\"owner\":\"web-1\",\"ttl\":\"PT30S\"}}");
	}

	@Test
	void aLockReadByAnotherProviderIsLiveAndReleasesWhatTheSenderAcquired() {
		Lock acquired = this.sender.create("orders:42");
		assertThat(acquired.acquire()).isTrue();

		String json = this.senderJson.writeValueAsString(new ShipOrder("42", acquired));
		ShipOrder received = this.receiverJson.readValue(json, ShipOrder.class);

		assertThat(received.orderId()).isEqualTo("42");
		assertThat(received.lock().toHandle()).isEqualTo(acquired.toHandle());
		assertThat(received.lock().getFencingToken()).isEqualTo(acquired.getFencingToken()).isPresent();
		assertThat(received.lock().getRemainingTime()).as("held by the same owner").isPresent();
		assertThat(received.lock().release()).isTrue();
		assertThat(acquired.isExpired()).isTrue();
	}

	@Test
	void aHeldLockTravelsWithItsFencingTokenAsANumber() {
		Lock lock = this.sender.create("orders:43",
				LockSettings.defaults().withOwner("web-1").withTtl(Duration.ofSeconds(30)));
		assertThat(lock.acquire()).isTrue();
		long token = lock.getFencingToken().getAsLong();

		String json = this.senderJson.writeValueAsString(lock);

		assertThat(json).isEqualTo("{\"namespace\":\"orders\",\"key\":\"orders:43\",\"owner\":\"web-1\","
				+ "\"ttl\":\"PT30S\",\"token\":" + token + "}");
		Lock received = this.receiverJson.readValue(json, Lock.class);
		assertThat(received.getFencingToken()).hasValue(token);
		assertThat(this.receiverJson.readValue(json, LockHandle.class))
			.isEqualTo(new LockHandle("orders", "orders:43", "web-1", Duration.ofSeconds(30), token));
	}

	@Test
	void aHandleWrittenBeforeFencingTokensIsReadWithoutOne() {
		String json = "{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"PT1M\"}";

		assertThat(this.receiverJson.readValue(json, LockHandle.class).fencingToken()).isEmpty();
		assertThat(this.receiverJson.readValue(json, Lock.class).getFencingToken()).isEmpty();
	}

	@Test
	void aLargeFencingTokenTravelsExactly() {
		LockHandle handle = new LockHandle("orders", "k", "o", null, Long.MAX_VALUE);

		String json = this.senderJson.writeValueAsString(new Envelope(handle));

		assertThat(json).endsWith("\"token\":" + Long.MAX_VALUE + "}}");
		assertThat(this.receiverJson.readValue(json, Envelope.class).handle()).isEqualTo(handle);
	}

	@Test
	void aLockThatNeverExpiresTravelsWithANullTtl() {
		Lock lock = this.sender.create("forever", LockSettings.defaults().withOwner("o").withNoExpiry());

		String json = this.senderJson.writeValueAsString(lock);
		assertThat(json).isEqualTo("{\"namespace\":\"orders\",\"key\":\"forever\",\"owner\":\"o\",\"ttl\":null}");
		assertThat(this.receiverJson.readValue(json, Lock.class).getTtl()).isEmpty();
	}

	@Test
	void aHandleIsWrittenAndReadInTheSameForm() {
		LockHandle handle = new LockHandle("orders", "orders:7", "worker-3", Duration.ofMinutes(2));

		String json = this.senderJson.writeValueAsString(new Envelope(handle));

		assertThat(json).isEqualTo(
				"{\"handle\":{\"namespace\":\"orders\",\"key\":\"orders:7\",\"owner\":\"worker-3\",\"ttl\":\"PT2M\"}}");
		assertThat(this.receiverJson.readValue(json, Envelope.class).handle()).isEqualTo(handle);
	}

	@Test
	void aHandleWithAnotherOwnerReleasesNothing() {
		Lock acquired = this.sender.create("orders:42", LockSettings.defaults().withOwner("web-1"));
		assertThat(acquired.acquire()).isTrue();
		String tampered = this.senderJson.writeValueAsString(acquired).replace("\"web-1\"", "\"attacker\"");

		Lock forged = this.receiverJson.readValue(tampered, Lock.class);

		assertThat(forged.getOwner()).isEqualTo("attacker");
		assertThat(forged.release()).isFalse();
		assertThat(acquired.getRemainingTime()).as("still held by its owner").isPresent();
		assertThat(acquired.release()).isTrue();
	}

	@Test
	void aLockOfAnotherNamespaceIsRefusedNamingTheField() {
		String json = "{\"namespace\":\"billing\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null}";

		assertThatThrownBy(() -> this.receiverJson.readValue(json, Lock.class))
			.isInstanceOf(MismatchedInputException.class)
			.hasMessageContaining("field 'namespace' is 'billing'")
			.hasMessageContaining("namespace 'orders'");
		assertThat(this.receiverJson.readValue(json, LockHandle.class).namespace())
			.as("a bare handle belongs to no provider")
			.isEqualTo("billing");
	}

	private static final String WITH_TOKEN = "{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null,"
			+ "\"token\":";

	static Stream<Arguments> invalidHandles() {
		return Stream.of(
				Arguments.of("{\"key\":\"k\",\"owner\":\"o\",\"ttl\":null}", "field 'namespace' is missing"),
				Arguments.of("{\"namespace\":\"orders\",\"owner\":\"o\",\"ttl\":null}", "field 'key' is missing"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"ttl\":null}", "field 'owner' is missing"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\"}", "field 'ttl' is missing"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\" \",\"owner\":\"o\",\"ttl\":null}",
						"field 'key' must not be blank"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":42,\"ttl\":null}",
						"field 'owner' must be a string, not a number"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":null,\"owner\":\"o\",\"ttl\":null}",
						"field 'key' must be a string, not null"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"30 seconds\"}",
						"field 'ttl' must be an ISO-8601 duration"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":30000}",
						"field 'ttl' must be an ISO-8601 duration string"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"PT0S\"}",
						"field 'ttl' must be positive"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"key\":\"l\",\"owner\":\"o\",\"ttl\":null}",
						"field 'key' appears twice"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null,\"@class\":\"x\"}",
						"unknown field '@class'"),
				Arguments.of(WITH_TOKEN + "0}",
						"field 'token' must be positive, or left out"),
				Arguments.of(WITH_TOKEN + "-3}",
						"field 'token' must be positive"),
				Arguments.of(WITH_TOKEN + "null}",
						"field 'token' must be a positive integer, or left out for a handle without a fencing "
								+ "token, not null"),
				Arguments.of(WITH_TOKEN + "\"7\"}",
						"field 'token' must be a positive integer, or left out for a handle without a fencing "
								+ "token, not a string"),
				Arguments.of(WITH_TOKEN + "7.5}",
						"field 'token' must be a positive integer"),
				Arguments.of(WITH_TOKEN + "18446744073709551616}",
						"field 'token' must fit in 64 bits"),
				Arguments.of(WITH_TOKEN + "7,\"token\":8}",
						"field 'token' appears twice"),
				Arguments.of("\"orders:k\"", "a lock is written as a JSON object"),
				Arguments.of("[\"orders\",\"k\",\"o\",null]", "a lock is written as a JSON object"));
	}

	@ParameterizedTest
	@MethodSource("invalidHandles")
	void anInvalidLockFailsNamingWhatIsWrong(String json, String problem) {
		assertThatThrownBy(() -> this.receiverJson.readValue(json, Lock.class))
			.isInstanceOf(MismatchedInputException.class)
			.hasMessageContaining("Invalid lock handle: " + problem);
	}

	@ParameterizedTest
	@MethodSource("invalidHandles")
	void anInvalidHandleFailsNamingWhatIsWrong(String json, String problem) {
		assertThatThrownBy(() -> this.receiverJson.readValue(json, LockHandle.class))
			.isInstanceOf(MismatchedInputException.class)
			.hasMessageContaining("Invalid lock handle: " + problem);
	}

	@Test
	void anErrorInsideAPayloadSaysWhereTheLockIs() {
		String json = "{\"orderId\":\"42\",\"lock\":{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\"}}";

		assertThatThrownBy(() -> this.receiverJson.readValue(json, ShipOrder.class))
			.isInstanceOf(MismatchedInputException.class)
			.hasMessageContaining("field 'ttl' is missing")
			.hasMessageContaining("\"lock\"");
	}

	@Test
	void malformedJsonFails() {
		assertThatThrownBy(() -> this.receiverJson.readValue("{\"namespace\":\"orders\",", Lock.class))
			.isInstanceOf(tools.jackson.core.JacksonException.class);
	}

	@Test
	void theProviderIsLookedUpOnlyWhenALockIsRead() {
		AtomicReference<LockProvider> provider = new AtomicReference<>();
		JsonMapper mapper = JsonMapper.builder().addModule(new LockJacksonModule(provider::get)).build();
		String json = mapper.writeValueAsString(this.sender.create("late", LockSettings.defaults().withOwner("o")));

		provider.set(this.receiver);

		assertThat(mapper.readValue(json, Lock.class).getKey()).isEqualTo("late");
	}

	@Test
	void rejectsANullProvider() {
		assertThatIllegalArgumentException().isThrownBy(() -> new LockJacksonModule((LockProvider) null))
			.withMessage("lockProvider must not be null");
	}

}
