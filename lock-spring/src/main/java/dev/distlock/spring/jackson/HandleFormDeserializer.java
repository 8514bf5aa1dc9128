package dev.distlock.spring.jackson;

import java.util.function.Function;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

import dev.distlock.codec.JsonFields;

/**
 * Reads a semaphore's or read-write lock's handle strictly, with core's reader and messages; see
 * {@link LockHandleJson}.
 *
 * @param <T> the handle type
 */
final class HandleFormDeserializer<T> extends ValueDeserializer<T> {

	private final Class<T> type;

	private final Function<JsonFields, T> reader;

	private final String kind;

	private final String fieldNames;

	HandleFormDeserializer(Class<T> type, Function<JsonFields, T> reader, String kind, String fieldNames) {
		this.type = type;
		this.reader = reader;
		this.kind = kind;
		this.fieldNames = fieldNames;
	}

	@Override
	public T deserialize(JsonParser parser, DeserializationContext context) {
		return LockHandleJson.read(parser, context, this.type, this.reader, this.kind, this.fieldNames);
	}

	@Override
	public Class<?> handledType() {
		return this.type;
	}

}
