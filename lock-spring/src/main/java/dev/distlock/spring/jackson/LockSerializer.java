package dev.distlock.spring.jackson;

import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueSerializer;

import dev.distlock.Lock;

/** Writes any {@link Lock} as its {@link Lock#toHandle() handle}: the values another process needs. */
final class LockSerializer extends ValueSerializer<Lock> {

	@Override
	public void serialize(Lock lock, JsonGenerator generator, SerializationContext context) {
		LockHandleJson.write(lock.toHandle(), generator);
	}

	@Override
	public Class<?> handledType() {
		return Lock.class;
	}

}
