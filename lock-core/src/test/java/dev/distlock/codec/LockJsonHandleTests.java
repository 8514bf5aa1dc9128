package dev.distlock.codec;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.distlock.Expiry;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;
import dev.distlock.Namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The handle's JSON form: the fields in their order, the token only when there is one, read back exactly, and
 * nothing else read, with a message that names the field, quotes at most a short prefix and never the owner. The
 * Jackson module's tests run the same checks through Jackson.
 */
class LockJsonHandleTests {

	@Test
	void aHandleIsWrittenInTheFormEveryVersionReads() {
		LockHandle withToken = new LockHandle("orders", "orders:43", "web-1", Expiry.after(Duration.ofSeconds(30)), 42);
		LockHandle withoutToken = new LockHandle("orders", "k", "o", Expiry.never());

		assertThat(LockJson.writeHandle(withToken)).isEqualTo(
				"{\"namespace\":\"orders\",\"key\":\"orders:43\",\"owner\":\"web-1\",\"ttl\":\"PT30S\",\"token\":42}");
		assertThat(LockJson.writeHandle(withoutToken))
			.isEqualTo("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null}");
		assertThat(LockJson.fields(withToken)).containsExactly(Map.entry("namespace", "orders"),
				Map.entry("key", "orders:43"), Map.entry("owner", "web-1"), Map.entry("ttl", "PT30S"),
				Map.entry("token", 42L));
		assertThat(LockJson.readHandle(LockJson.writeHandle(withToken))).isEqualTo(withToken);
		assertThat(LockJson.readHandle(LockJson.writeHandle(withoutToken))).isEqualTo(withoutToken);
	}

	@Test
	void aHandleFromAStreamingReaderIsReadTheSameWay() {
		JsonFields fields = new JsonFields();
		fields.put("namespace", "orders");
		fields.put("key", "k");
		fields.put("owner", "o");
		fields.put("ttl", "PT1M");
		fields.put("token", Long.MAX_VALUE);

		assertThat(LockJson.readHandle(fields))
			.isEqualTo(new LockHandle("orders", "k", "o", Expiry.after(Duration.ofMinutes(1)), Long.MAX_VALUE));
		assertThatIllegalArgumentException().isThrownBy(() -> fields.put("key", "l"))
			.withMessage("field 'key' appears twice");
	}

	@Test
	void valuesNoTextHasAreNamedAsWhatTheyAre() {
		for (Map.Entry<Object, String> value : Map.<Object, String>of(1.5, "a number", Map.of(), "an object",
				List.of(), "an array", true, "a boolean").entrySet()) {
			JsonFields fields = new JsonFields();
			fields.put("namespace", "orders");
			fields.put("key", value.getKey());

			assertThatIllegalArgumentException().isThrownBy(() -> LockJson.readHandle(fields))
				.withMessage("field 'key' must be a string, not " + value.getValue());
		}
		JsonFields huge = new JsonFields();
		huge.put("namespace", "orders");
		huge.put("key", "k");
		huge.put("owner", "o");
		huge.put("ttl", null);
		huge.put("token", new BigInteger("18446744073709551616"));
		assertThatIllegalArgumentException().isThrownBy(() -> LockJson.readHandle(huge))
			.withMessage("field 'token' must fit in 64 bits");
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
				Arguments.of(handle("orders", "\u00a0\u2007\u202f\u200b", "o", "null"), "key must not be null or blank"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"\\uFEFF\",\"ttl\":null}",
						"owner must not be null or blank"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"x\\uD800\",\"owner\":\"o\",\"ttl\":null}",
						"key must be well-formed Unicode"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"PT1000000H\"}",
						"ttl must not exceed 36500 days (100 years), was PT1000000H"),
				Arguments.of(handle("orders", "k", "o", "\"PT99999999999999999999H\""),
						"field 'ttl' must be an ISO-8601 duration such as \"PT30S\", was 'PT99999999999999999999H'"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"P\\n1D\"}",
						"field 'ttl' must be an ISO-8601 duration such as \"PT30S\", was 'P\\u000A1D'"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"-PT1S\"}",
						"field 'ttl' must be positive, was '-PT1S'"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":\"PT0S\"}",
						"field 'ttl' must be positive"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":30000}",
						"field 'ttl' must be an ISO-8601 duration string such as \"PT30S\", or null for a lock that "
								+ "never expires, not a number"),
				Arguments.of("{\"namespace\":\"or_rt\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null}",
						"namespace must not contain the root marker '_rt'"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":42,\"ttl\":null}",
						"field 'owner' must be a string, not a number"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":null,\"owner\":\"o\",\"ttl\":null}",
						"field 'key' must be a string, not null"),
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"owner\":\"o\",\"ttl\":null,\"@class\":\"x\"}",
						"unknown field '@class'; a lock handle has the fields namespace, key, owner, ttl and, "
								+ "optionally, token"),
				Arguments.of(WITH_TOKEN + "0}", "field 'token' must be positive, or left out"),
				Arguments.of(WITH_TOKEN + "-3}", "field 'token' must be positive"),
				Arguments.of(WITH_TOKEN + "null}", "field 'token' must be a positive integer, or left out for a "
						+ "handle without a fencing token, not null"),
				Arguments.of(WITH_TOKEN + "\"7\"}", "field 'token' must be a positive integer, or left out for a "
						+ "handle without a fencing token, not a string"),
				// What the flat text cannot hold is refused as text, saying where.
				Arguments.of("{\"namespace\":\"orders\",\"key\":\"k\",\"key\":\"l\",\"owner\":\"o\",\"ttl\":null}",
						"not a flat JSON object: duplicate name 'key'"),
				Arguments.of(WITH_TOKEN + "7.5}", "not a flat JSON object: expected ',' or '}'"),
				Arguments.of(WITH_TOKEN + "18446744073709551616}", "not a flat JSON object: expected a whole number "
						+ "of at most 19 digits"),
				Arguments.of(WITH_TOKEN + "9223372036854775808}", "not a flat JSON object: whole number out of the "
						+ "range of a 64-bit integer"),
				Arguments.of("\"orders:k\"", "not a flat JSON object: expected '{'"));
	}

	@ParameterizedTest
	@MethodSource("invalidHandles")
	void anInvalidHandleIsRefusedNamingWhatIsWrong(String json, String problem) {
		assertThatIllegalArgumentException().isThrownBy(() -> LockJson.readHandle(json)).withMessageContaining(problem);
	}

	static Stream<Arguments> oversizedValues() {
		String owner = "owner-" + "o".repeat(1_000);
		return Stream.of(
				Arguments.of(handle("orders", "x".repeat(1_000_000), "o", "null"), "key must be at most "
						+ LockProvider.MAX_KEY_LENGTH + " characters, was 1000000: '" + "x".repeat(32) + "'…"),
				Arguments.of(handle("orders", "k", owner, "null"), "owner must be at most "
						+ LockProvider.MAX_OWNER_LENGTH + " characters, was 1006"),
				Arguments.of(handle("n".repeat(Namespace.MAX_ROOT_LENGTH + 1), "k", "o", "null"),
						"namespace must be at most " + Namespace.MAX_ROOT_LENGTH + " characters"),
				Arguments.of(handle("orders", "k", "o", "\"PT" + "9".repeat(100_000) + "S\""),
						"field 'ttl' must be an ISO-8601 duration such as \"PT30S\", was 'PT" + "9".repeat(30) + "'…"),
				Arguments.of(WITH_TOKEN.replace("\"token\":", "\"" + "x".repeat(40_000) + "\":") + "1}",
						"unknown field '" + "x".repeat(32) + "'…; a lock handle has"));
	}

	private static String handle(String namespace, String key, String owner, String ttl) {
		return "{\"namespace\":\"" + namespace + "\",\"key\":\"" + key + "\",\"owner\":\"" + owner + "\",\"ttl\":"
				+ ttl + "}";
	}

	@ParameterizedTest
	@MethodSource("oversizedValues")
	void anOversizedValueIsRefusedQuotingAShortPrefixAtMostAndNeverTheOwner(String json, String problem) {
		assertThatIllegalArgumentException().isThrownBy(() -> LockJson.readHandle(json))
			.withMessageContaining(problem)
			.satisfies((ex) -> assertThat(ex.getMessage()).hasSizeLessThan(300).doesNotContain("owner-"));
	}

}
