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
 * <p>Each script touches one lock key, passed as {@code KEYS[1]} (with its fence counter, line and entries, see
 * {@link LockKeys}, when it takes or frees the lock; refresh several lock keys of one slot), so it runs on Redis
 * Cluster; owners, tokens, TTLs and the channel arrive as
 * {@code ARGV} and are never spliced into the script text, which keeps one SHA per script.
 *
 * <p>Scripts that answer with an array are typed as a raw {@link List}: the arrays mix bulk strings and integers.
 */
@SuppressWarnings("rawtypes")
final class RedisLockScripts {

	// Prepended to every script that takes or frees a lock: its keys, the server's clock, tokens, the line.
	private static final String LINE = read("line.lua");

	static final RedisScript<List> ACQUIRE = RedisScript.of(LINE + read("acquire.lua"), List.class);

	static final RedisScript<List> LEAVE = RedisScript.of(LINE + read("leave.lua"), List.class);

	static final RedisScript<List> RELEASE = RedisScript.of(LINE + read("release.lua"), List.class);

	static final RedisScript<Long> RELEASE_AFTER = RedisScript.of(read("release-after.lua"), Long.class);

	static final RedisScript<List> FORCE_RELEASE = RedisScript.of(LINE + read("force-release.lua"), List.class);

	static final RedisScript<List> REFRESH = RedisScript.of(read("refresh.lua"), List.class);

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
