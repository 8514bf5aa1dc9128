package dev.distlock.spring.jackson;

import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

/**
 * Writes a value in one of core's flat handle forms, whatever the mapper's settings: a semaphore or read-write lock
 * (as its handle) or their handles.
 *
 * @param <T> the type written
 */
final class HandleFormSerializer<T> extends ValueSerializer<T> {

	private final Class<T> type;

	private final Function<T, Map<String, @Nullable Object>> fields;

	HandleFormSerializer(Class<T> type, Function<T, Map<String, @Nullable Object>> fields) {
		this.type = type;
		this.fields = fields;
	}

	@Override
	public void serialize(T value, JsonGenerator generator, SerializationContext context) {
		LockHandleJson.writeFields(this.fields.apply(value), generator);
	}

	@Override
	public Class<?> handledType() {
		return this.type;
	}

}
