package dev.distlock.spring.jackson;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;

import dev.distlock.LockHandle;
import dev.distlock.UntrustedText;

/**
 * The JSON form of a {@link LockHandle}:
 * {@code {"namespace": …, "key": …, "owner": …, "ttl": "PT30S" or null, "token": 42}}.
 *
 * <p>The fencing token is written as a JSON number, and only when the handle carries one: a handle without a token
 * (made by a lock that held nothing) has no {@code token} field at all, which is also the four-field form that
 * versions before fencing tokens wrote and read. There is one way to say "no token", so {@code "token": 0} and
 * {@code "token": null} are refused.
 *
 * <p>Read strictly, because a handle comes from outside and is a credential: the four fields {@code namespace},
 * {@code key}, {@code owner} and {@code ttl}, and optionally {@code token}, each once; strings; an ISO-8601 duration
 * or {@code null} for the TTL; a positive integer for the token. The values are then checked as the API checks them,
 * by {@link LockHandle}'s constructor: strings not blank (whitespace of every kind counts), well-formed Unicode and
 * within the key, owner and namespace limits, a TTL positive and at most 100 years. Anything else fails with a
 * {@link tools.jackson.databind.exc.MismatchedInputException} that names the field. A message quotes a bad value at
 * most as a short prefix, and never the owner, which is the lock's credential.
 */
final class LockHandleJson {

	static final String NAMESPACE = "namespace";

	static final String KEY = "key";

	static final String OWNER = "owner";

	static final String TTL = "ttl";

	static final String TOKEN = "token";

	/** The most characters of a bad value a message quotes, as the API's own messages do. */
	static final int QUOTED_PREFIX = UntrustedText.QUOTED_PREFIX;

	// Far more than any duration up to 100 years needs, so that Duration.parse never sees a megabyte.
	private static final int MAX_DURATION_TEXT = 64;

	private LockHandleJson() {
	}

	static void write(LockHandle handle, JsonGenerator generator) {
		generator.writeStartObject();
		generator.writeStringProperty(NAMESPACE, handle.namespace());
		generator.writeStringProperty(KEY, handle.key());
		generator.writeStringProperty(OWNER, handle.owner());
		Duration ttl = handle.ttl();
		if (ttl != null) {
			generator.writeStringProperty(TTL, ttl.toString());
		}
		else {
			generator.writeNullProperty(TTL);
		}
		if (handle.token() > 0) {
			generator.writeNumberProperty(TOKEN, handle.token());
		}
		generator.writeEndObject();
	}

	static LockHandle read(JsonParser parser, DeserializationContext context, Class<?> target) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.START_OBJECT) {
			token = parser.nextToken();
		}
		else if (token != JsonToken.PROPERTY_NAME) {
			return fail(context, target, "a lock is written as a JSON object with the fields namespace, key, owner, "
					+ "ttl and, optionally, token, not as " + describe(token));
		}
		String namespace = null;
		String key = null;
		String owner = null;
		Duration ttl = null;
		boolean ttlSeen = false;
		long fencingToken = 0;
		boolean tokenSeen = false;
		for (; token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			switch (name) {
				case NAMESPACE -> namespace = text(parser, context, target, name, value, namespace);
				case KEY -> key = text(parser, context, target, name, value, key);
				case OWNER -> owner = text(parser, context, target, name, value, owner);
				case TTL -> {
					if (ttlSeen) {
						fail(context, target, "field 'ttl' appears twice");
					}
					ttlSeen = true;
					ttl = ttl(parser, context, target, value);
				}
				case TOKEN -> {
					if (tokenSeen) {
						fail(context, target, "field 'token' appears twice");
					}
					tokenSeen = true;
					fencingToken = token(parser, context, target, value);
				}
				default -> fail(context, target, "unknown field " + quote(name)
						+ "; a lock handle has the fields namespace, key, owner, ttl and, optionally, token");
			}
		}
		if (namespace == null) {
			return missing(context, target, NAMESPACE);
		}
		if (key == null) {
			return missing(context, target, KEY);
		}
		if (owner == null) {
			return missing(context, target, OWNER);
		}
		if (!ttlSeen) {
			return missing(context, target, TTL);
		}
		try {
			return new LockHandle(namespace, key, owner, ttl, fencingToken);
		}
		catch (IllegalArgumentException ex) {
			// The API's own checks, so that the JSON form accepts exactly what the API does; their messages name the
			// value (as the field is named), quote at most a short prefix and never the owner.
			return fail(context, target, String.valueOf(ex.getMessage()));
		}
	}

	static <T> T fail(DeserializationContext context, Class<?> target, String problem) {
		// The problem goes in as an argument, never as the format: it may contain a '%'.
		return context.reportInputMismatch(target, "Invalid lock handle: %s", problem);
	}

	private static String text(JsonParser parser, DeserializationContext context, Class<?> target, String name,
			JsonToken value, @Nullable String previous) {
		if (previous != null) {
			fail(context, target, "field '" + name + "' appears twice");
		}
		if (value != JsonToken.VALUE_STRING) {
			fail(context, target, "field '" + name + "' must be a string, not " + describe(value));
		}
		// Blank, malformed and oversized values are the handle's to refuse, as the API refuses them.
		return parser.getString();
	}

	private static @Nullable Duration ttl(JsonParser parser, DeserializationContext context, Class<?> target,
			JsonToken value) {
		if (value == JsonToken.VALUE_NULL) {
			return null;
		}
		if (value != JsonToken.VALUE_STRING) {
			return fail(context, target, "field 'ttl' must be an ISO-8601 duration string such as \"PT30S\", or null "
					+ "for a lock that never expires, not " + describe(value));
		}
		String text = parser.getString();
		Duration ttl = null;
		if (text.length() <= MAX_DURATION_TEXT) {
			try {
				ttl = Duration.parse(text);
			}
			catch (DateTimeParseException ex) {
				// Not a duration: said below.
			}
		}
		if (ttl == null) {
			return fail(context, target, "field 'ttl' must be an ISO-8601 duration such as \"PT30S\", was "
					+ quote(text));
		}
		if (ttl.isNegative() || ttl.isZero()) {
			return fail(context, target, "field 'ttl' must be positive, was " + quote(text));
		}
		// Over 100 years is the handle's to refuse, with the API's message.
		return ttl;
	}

	private static long token(JsonParser parser, DeserializationContext context, Class<?> target, JsonToken value) {
		if (value != JsonToken.VALUE_NUMBER_INT) {
			return fail(context, target, "field 'token' must be a positive integer, or left out for a handle without "
					+ "a fencing token, not " + describe(value));
		}
		JsonParser.NumberType type = parser.getNumberType();
		if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
			return fail(context, target, "field 'token' must fit in 64 bits");
		}
		long token = parser.getLongValue();
		if (token <= 0) {
			return fail(context, target, "field 'token' must be positive, or left out for a handle without a fencing "
					+ "token, was " + token);
		}
		return token;
	}

	// As the API's own messages quote: one rule for every module.
	static String quote(String value) {
		return UntrustedText.quote(value);
	}

	private static <T> T missing(DeserializationContext context, Class<?> target, String name) {
		return fail(context, target, "field '" + name + "' is missing");
	}

	private static String describe(@Nullable JsonToken token) {
		if (token == null) {
			return "the end of the input";
		}
		return switch (token) {
			case START_OBJECT -> "an object";
			case START_ARRAY -> "an array";
			case VALUE_STRING -> "a string";
			case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
			case VALUE_TRUE, VALUE_FALSE -> "a boolean";
			case VALUE_NULL -> "null";
			default -> token.name();
		};
	}

}
