package dev.distlock.redis;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a GraalVM native image of an application with the Redis adapters needs: the Lua scripts, which
 * {@link RedisLockScripts} and {@link RedisLeaseScripts} read as class path resources. A pattern rather than a list of
 * names, so a script added later is in the image without a change here. Registered in
 * {@code META-INF/spring/aot.factories}.
 */
final class RedisLockRuntimeHints implements RuntimeHintsRegistrar {

	/** Every script of the adapter, as resource hints match them. */
	static final String SCRIPTS = "dev/distlock/redis/*.lua";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern(SCRIPTS);
	}

}
