package dev.distlock.spring.jackson;

import java.util.function.Supplier;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;

/**
 * Reads a {@link LockHandle} and {@linkplain LockProvider#restore(LockHandle) restores} it with the application's
 * provider, so the payload holds a live lock. A handle of another namespace is refused here, by field name, rather
 * than left to fail later where the lock is used.
 */
final class LockDeserializer extends ValueDeserializer<Lock> {

	private final Supplier<? extends LockProvider> lockProvider;

	LockDeserializer(Supplier<? extends LockProvider> lockProvider) {
		this.lockProvider = lockProvider;
	}

	@Override
	public Lock deserialize(JsonParser parser, DeserializationContext context) {
		LockHandle handle = LockHandleJson.read(parser, context, Lock.class);
		LockProvider provider = this.lockProvider.get();
		String namespace = provider.getNamespace().root();
		if (!handle.namespace().equals(namespace)) {
			return LockHandleJson.fail(context, Lock.class, "field 'namespace' is "
					+ LockHandleJson.quote(handle.namespace()) + ", but this application's locks are in namespace "
					+ LockHandleJson.quote(namespace));
		}
		try {
			return provider.restore(handle);
		}
		catch (IllegalArgumentException ex) {
			// Whatever the provider refuses is bad input too, and must not escape as another type.
			return LockHandleJson.fail(context, Lock.class, String.valueOf(ex.getMessage()));
		}
	}

	@Override
	public Class<?> handledType() {
		return Lock.class;
	}

}
