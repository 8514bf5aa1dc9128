package dev.distlock.spring.jackson;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

import dev.distlock.DefaultLockProvider;
import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.Namespace;
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

	private final LockProvider sender = LockProvider.builder(this.backend).namespace("orders").build();

	private final LockProvider receiver = LockProvider.builder(this.backend).namespace("orders").build();

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
		assertThat(received.lock().getRemainingTime().isHeld()).as("held by the same owner").isTrue();
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
			.isEqualTo(new LockHandle("orders", "orders:43", "web-1", Expiry.after(Duration.ofSeconds(30)), token));
	}

	@Test
	void aHandleWrittenBeforeFencingTokensIsReadWithoutOne() {
		String json = "{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"PT1M\"}";

		assertThat(this.receiverJson.readValue(json, LockHandle.class).fencingToken()).isEmpty();
		assertThat(this.receiverJson.readValue(json, Lock.class).getFencingToken()).isEmpty();
	}

	@Test
	void aLargeFencingTokenTravelsExactly() {
		LockHandle handle = new LockHandle("orders", "k", "o", Expiry.never(), Long.MAX_VALUE);

		String json = this.senderJson.writeValueAsString(new Envelope(handle));

		assertThat(json).endsWith("\"token\":" + Long.MAX_VALUE + "}}");
		assertThat(this.receiverJson.readValue(json, Envelope.class).handle()).isEqualTo(handle);
	}

	@Test
	void aLockThatNeverExpiresTravelsWithANullTtl() {
		Lock lock = this.sender.create("forever", LockSettings.defaults().withOwner("o").withExpiry(Expiry.never()));

		String json = this.senderJson.writeValueAsString(lock);
		assertThat(json).isEqualTo("{\"namespace\":\"orders\",\"key\":\"forever\",\"owner\":\"o\",\"ttl\":null}");
		assertThat(this.receiverJson.readValue(json, Lock.class).getExpiry()).isEqualTo(Expiry.never());
	}

	@Test
	void aHandleIsWrittenAndReadInTheSameForm() {
		LockHandle handle = new LockHandle("orders", "orders:7", "worker-3", Expiry.after(Duration.ofMinutes(2)));

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
		assertThat(acquired.getRemainingTime().isHeld()).as("still held by its owner").isTrue();
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
						"key must not be null or blank"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"\u00a0\u2007\u202f\u200b\",\"owner\":\"o\",\"ttl\":null}",
						"key must not be null or blank"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"\\uFEFF\",\"ttl\":null}",
						"owner must not be null or blank"),
				Arguments.of("{\"namespace\":\" \",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null}",
						"namespace must not be null or blank"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"x\\uD800\",\"owner\":\"o\",\"ttl\":null}",
						"key must be well-formed Unicode"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"\\uDFFFo\",\"ttl\":null}",
						"owner must be well-formed Unicode"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"PT1000000H\"}",
						"ttl must not exceed 36500 days (100 years), was PT1000000H"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"P36501D\"}",
						"ttl must not exceed 36500 days"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"PT99999999999999999999H\"}",
						"field 'ttl' must be an ISO-8601 duration such as \"PT30S\", was 'PT99999999999999999999H'"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"P\\n1D\"}",
						"field 'ttl' must be an ISO-8601 duration such as \"PT30S\", was 'P\\u000A1D'"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"-PT1S\"}",
						"field 'ttl' must be positive, was '-PT1S'"),
				Arguments.of("{\"namespace\":\"or_rt\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null}",
						"namespace must not contain the root marker '_rt'"),
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

	static Stream<Arguments> oversizedValues() {
		String huge = "x".repeat(10_000_000);
		String owner = "owner-" + "o".repeat(1_000);
		return Stream.of(
				Arguments.of(handle("orders", huge, "o", "null"), "key must be at most " + LockProvider.MAX_KEY_LENGTH
						+ " characters, was 10000000: 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'…"),
				Arguments.of(handle("orders", "k", owner, "null"), "owner must be at most "
						+ LockProvider.MAX_OWNER_LENGTH + " characters, was 1006"),
				Arguments.of(handle("n".repeat(Namespace.MAX_ROOT_LENGTH + 1), "k", "o", "null"),
						"namespace must be at most " + Namespace.MAX_ROOT_LENGTH + " characters"),
				Arguments.of(handle("orders", "k", "o", "\"PT" + "9".repeat(100_000) + "S\""),
						"field 'ttl' must be an ISO-8601 duration such as \"PT30S\", was 'PT999999999999999999999999999999'…"),
				// Jackson refuses names over 50,000 characters itself (StreamReadConstraints).
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null,\"" + "x".repeat(40_000) + "\":1}",
						"unknown field 'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'…; a lock handle has"));
	}

	private static String handle(String namespace, String key, String owner, String ttl) {
		return "{\"namespace\":\"" + namespace + "\",\"key\":\"" + key + "\",\"owner\":\"" + owner + "\",\"ttl\":"
				+ ttl + "}";
	}

	@ParameterizedTest
	@MethodSource("oversizedValues")
	void anOversizedValueFailsQuotingAShortPrefixAtMostAndNeverTheOwner(String json, String problem) {
		for (Class<?> type : List.of(Lock.class, LockHandle.class)) {
			assertThatThrownBy(() -> this.receiverJson.readValue(json, type))
				.isInstanceOf(MismatchedInputException.class)
				.hasMessageContaining("Invalid lock handle: " + problem)
				.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(400).doesNotContain("owner-"));
		}
	}

	@Test
	void aNamespaceOverTheLimitIsRefusedForALockToo() {
		LockProvider other = LockProvider.builder(this.backend).namespace("n".repeat(Namespace.MAX_ROOT_LENGTH)).build();
		JsonMapper mapper = JsonMapper.builder().addModule(new LockJacksonModule(other)).build();
		String json = handle("n".repeat(Namespace.MAX_ROOT_LENGTH), "k", "o", "null");

		assertThat(mapper.readValue(json, Lock.class).getKey()).isEqualTo("k");
		assertThatThrownBy(() -> mapper.readValue(handle("n".repeat(Namespace.MAX_ROOT_LENGTH + 1), "k", "o", "null"),
				Lock.class))
			.isInstanceOf(MismatchedInputException.class)
			.hasMessageContaining("namespace must be at most");
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
