package dev.distlock.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of the adapter, one per operation, read once from the classpath.
 *
 * <p>Each script touches exactly one key, passed as {@code KEYS[1]}, so it runs on Redis Cluster; owners, TTLs and
 * the channel arrive as {@code ARGV} and are never spliced into the script text, which keeps one SHA per script.
 */
final class RedisLockScripts {

	static final RedisScript<Long> ACQUIRE = RedisScript.of(read("acquire.lua"), Long.class);

	static final RedisScript<Long> RELEASE = RedisScript.of(read("release.lua"), Long.class);

	static final RedisScript<Long> FORCE_RELEASE = RedisScript.of(read("force-release.lua"), Long.class);

	static final RedisScript<Long> REFRESH = RedisScript.of(read("refresh.lua"), Long.class);

	// A raw List because the script returns a mixed array: {owner as bulk string, PTTL as integer}.
	@SuppressWarnings("rawtypes")
	static final RedisScript<List> STATE = RedisScript.of(read("state.lua"), List.class);

	private RedisLockScripts() {
	}

	private static String read(String name) {
		try (InputStream in = RedisLockScripts.class.getResourceAsStream(name)) {
			if (in == null) {
				throw new IllegalStateException("Lua script " + name + " is missing from the classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read Lua script " + name, ex);
		}
	}

}
