package dev.distlock.spring.jackson;

import java.util.function.Supplier;
import java.util.stream.Collectors;

import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;

import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;
import dev.distlock.LockProviders;

/**
 * Reads a {@link LockHandle} and {@linkplain LockProvider#restore(LockHandle) restores} it with the provider of its
 * namespace (the application's provider, or one of its {@link LockProviders}), so the payload holds a live lock. A
 * handle of no provider's namespace is refused here, by field name, rather than bound to another provider's adapter
 * or left to fail later where the lock is used.
 */
final class LockDeserializer extends ValueDeserializer<Lock> {

	private final Supplier<LockProviders> lockProviders;

	LockDeserializer(Supplier<LockProviders> lockProviders) {
		this.lockProviders = lockProviders;
	}

	@Override
	public Lock deserialize(JsonParser parser, DeserializationContext context) {
		LockHandle handle = LockHandleJson.read(parser, context, Lock.class);
		LockProviders providers = this.lockProviders.get();
		LockProvider provider = providers.forNamespace(handle.namespace()).orElse(null);
		if (provider == null) {
			String namespaces = providers.asMap().values().stream()
				.map((known) -> LockHandleJson.quote(known.getNamespace().root()))
				.collect(Collectors.joining(", "));
			return LockHandleJson.fail(context, Lock.class, "field 'namespace' is "
					+ LockHandleJson.quote(handle.namespace()) + ", but this application's locks are in namespace "
					+ namespaces);
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
