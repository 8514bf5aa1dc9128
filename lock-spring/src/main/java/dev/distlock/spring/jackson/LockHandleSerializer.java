package dev.distlock.spring.jackson;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

import dev.distlock.LockHandle;

/** Writes a {@link LockHandle} in the form {@link LockHandleJson} reads, whatever the mapper's settings. */
final class LockHandleSerializer extends ValueSerializer<LockHandle> {

	@Override
	public void serialize(LockHandle handle, JsonGenerator generator, SerializationContext context) {
		LockHandleJson.write(handle, generator);
	}

	@Override
	public Class<?> handledType() {
		return LockHandle.class;
	}

}
