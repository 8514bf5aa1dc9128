package dev.distlock.spring.jackson;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

import dev.distlock.LockHandle;

/** Reads a {@link LockHandle} strictly; see {@link LockHandleJson}. */
final class LockHandleDeserializer extends ValueDeserializer<LockHandle> {

	@Override
	public LockHandle deserialize(JsonParser parser, DeserializationContext context) {
		return LockHandleJson.read(parser, context, LockHandle.class);
	}

	@Override
	public Class<?> handledType() {
		return LockHandle.class;
	}

}
