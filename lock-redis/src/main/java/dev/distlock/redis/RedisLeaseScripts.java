package dev.distlock.redis;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * The Lua scripts of the semaphore and read-write lock adapters, one per operation, read once from the classpath:
 * {@code leases.lua} (the server's clock, tokens, leases as sorted sets, expiry of the keys, announcements), then
 * {@code semaphore.lua} or {@code read-write.lua}, then the call of the one operation the script runs. Owners, tokens,
 * TTLs, keys for messages and channels arrive as {@code ARGV} and are never spliced into the script text, which keeps
 * one SHA per script. Every key a run touches is on one cluster slot ({@link LeaseKeys}).
 */
@SuppressWarnings("rawtypes")
final class RedisLeaseScripts {

	private static final String SEMAPHORE = read("leases.lua") + "\n" + read("semaphore.lua") + "\n";

	private static final String READ_WRITE = read("leases.lua") + "\n" + read("read-write.lua") + "\n";

	static final RedisScript<List> SEMAPHORE_ACQUIRE = semaphore("acquire", List.class);

	static final RedisScript<Long> SEMAPHORE_UNDO = semaphore("undo_acquire", Long.class);

	static final RedisScript<Long> SEMAPHORE_RELEASE = semaphore("release_slot", Long.class);

	static final RedisScript<Long> SEMAPHORE_RELEASE_AFTER = semaphore("release_after", Long.class);

	static final RedisScript<List> SEMAPHORE_REFRESH = semaphore("refresh_all", List.class);

	static final RedisScript<Long> SEMAPHORE_FORCE_RELEASE = semaphore("force_release_all", Long.class);

	static final RedisScript<List> SEMAPHORE_HOLDERS = semaphore("holders", List.class);

	static final RedisScript<List> READ_WRITE_ACQUIRE = readWrite("acquire", List.class);

	static final RedisScript<Long> READ_WRITE_LEAVE_QUEUE = readWrite("leave_queue", Long.class);

	static final RedisScript<Long> READ_WRITE_UNDO = readWrite("undo_acquire", Long.class);

	static final RedisScript<Long> READ_WRITE_RELEASE = readWrite("release_hold", Long.class);

	static final RedisScript<Long> READ_WRITE_RELEASE_AFTER = readWrite("release_after", Long.class);

	static final RedisScript<List> READ_WRITE_REFRESH = readWrite("refresh_all", List.class);

	static final RedisScript<Long> READ_WRITE_FORCE_RELEASE = readWrite("force_release_all", Long.class);

	static final RedisScript<List> READ_WRITE_HOLDERS = readWrite("holders", List.class);

	private RedisLeaseScripts() {
	}

	private static <T> RedisScript<T> semaphore(String operation, Class<T> reply) {
		return RedisScript.of(SEMAPHORE + "return " + operation + "()\n", reply);
	}

	private static <T> RedisScript<T> readWrite(String operation, Class<T> reply) {
		return RedisScript.of(READ_WRITE + "return " + operation + "()\n", reply);
	}

	private static String read(String name) {
		try (InputStream in = RedisLeaseScripts.class.getResourceAsStream(name)) {
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
