package dev.distlock.spring.jackson;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;

import dev.distlock.LockHandle;
import dev.distlock.UntrustedText;
import dev.distlock.codec.JsonFields;
import dev.distlock.codec.LockJson;

/**
 * A {@link LockHandle} in Jackson: core's {@linkplain LockJson handle form}, whose fields are walked here token by
 * token, so that any Jackson format works and the names, checks and messages are core's, the same the Redis event bus
 * uses. Whatever core refuses fails as a {@link tools.jackson.databind.exc.MismatchedInputException} with core's
 * message, which names the field, quotes a bad value at most as a short prefix and never the owner.
 */
final class LockHandleJson {

	private LockHandleJson() {
	}

	static void write(LockHandle handle, JsonGenerator generator) {
		writeFields(LockJson.fields(handle), generator);
	}

	// Any of core's flat handle forms: a lock's, a semaphore's or a read-write lock's.
	static void writeFields(Map<String, @Nullable Object> handleFields, JsonGenerator generator) {
		generator.writeStartObject();
		handleFields.forEach((name, value) -> {
			if (value instanceof String text) {
				generator.writeStringProperty(name, text);
			}
			else if (value instanceof Long number) {
				generator.writeNumberProperty(name, number);
			}
			else {
				generator.writeNullProperty(name);
			}
		});
		generator.writeEndObject();
	}

	static LockHandle read(JsonParser parser, DeserializationContext context, Class<?> target) {
		return read(parser, context, target, LockJson::readHandle, "a lock", LockJson.HANDLE_FIELDS);
	}

	// Reads any of core's flat handle forms with its reader; kind and fields are for the messages.
	static <T> T read(JsonParser parser, DeserializationContext context, Class<?> target,
			Function<JsonFields, T> reader, String kind, String fieldNames) {
		JsonToken token = parser.currentToken();
		if (token == JsonToken.START_OBJECT) {
			token = parser.nextToken();
		}
		else if (token != JsonToken.PROPERTY_NAME) {
			return fail(context, target, kind + " is written as a JSON object with the fields " + fieldNames
					+ ", not as " + describe(token));
		}
		try {
			JsonFields fields = new JsonFields();
			for (; token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
				String name = parser.currentName();
				fields.put(name, value(parser, context, target, parser.nextToken()));
			}
			return reader.apply(fields);
		}
		catch (IllegalArgumentException ex) {
			return fail(context, target, String.valueOf(ex.getMessage()));
		}
	}

	static <T> T fail(DeserializationContext context, Class<?> target, String problem) {
		// The problem goes in as an argument, never as the format: it may contain a '%'.
		return context.reportInputMismatch(target, "Invalid lock handle: %s", problem);
	}

	// As the API's own messages quote: one rule for every module.
	static String quote(String value) {
		return UntrustedText.quote(value);
	}

	// A value as core reads values; an object or an array only needs to say what it is.
	private static @Nullable Object value(JsonParser parser, DeserializationContext context, Class<?> target,
			@Nullable JsonToken token) {
		if (token == null) {
			return fail(context, target, "the input ends inside the object");
		}
		return switch (token) {
			case VALUE_STRING -> parser.getString();
			case VALUE_NUMBER_INT -> (parser.getNumberType() == JsonParser.NumberType.INT
					|| parser.getNumberType() == JsonParser.NumberType.LONG) ? parser.getLongValue()
							: parser.getBigIntegerValue();
			case VALUE_NUMBER_FLOAT -> parser.getDoubleValue();
			case VALUE_TRUE -> Boolean.TRUE;
			case VALUE_FALSE -> Boolean.FALSE;
			case VALUE_NULL -> null;
			case START_OBJECT -> {
				parser.skipChildren();
				yield Map.of();
			}
			case START_ARRAY -> {
				parser.skipChildren();
				yield List.of();
			}
			default -> parser.getEmbeddedObject();
		};
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
