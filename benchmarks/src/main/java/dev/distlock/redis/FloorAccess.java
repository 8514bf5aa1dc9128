package dev.distlock.redis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the benchmarks need of lock-redis's internals: the exact scripts the adapter runs (with the shared prelude it
 * prepends), the keys each script is given, and the SHAs by which the commands counter tells the scripts apart. In
 * lock-redis's package, on the benchmarks' class path only.
 */
public final class FloorAccess {

	private FloorAccess() {
	}

	/**
	 * The keys the adapter gives the acquire and release scripts for {@code lockKey}.
	 * @param lockKey the namespaced lock key
	 * @return the lock key, its slot's fence counter, its line and the line's entries, all on the lock key's slot
	 */
	public static List<String> scriptKeys(String lockKey) {
		return LockKeys.of(lockKey);
	}

	/**
	 * The grant channel of a process for {@code lockKey}; the floor names one it never subscribes to.
	 * @param lockKey the namespaced lock key
	 * @param processId a process id
	 * @return the channel
	 */
	public static String grantChannel(String lockKey, String processId) {
		return LockKeys.grantChannel(lockKey, processId);
	}

	/**
	 * The adapter's acquire script, as it sends it.
	 * @return the script text
	 */
	public static String acquireScript() {
		return RedisLockScripts.ACQUIRE.getScriptAsString();
	}

	/**
	 * The adapter's release script, as it sends it.
	 * @return the script text
	 */
	public static String releaseScript() {
		return RedisLockScripts.RELEASE.getScriptAsString();
	}

	/**
	 * The SHA-1 of every script of the adapter, to the script's name.
	 * @return SHA to name, for example {@code "acquire"}, semaphore and read-write scripts included
	 */
	public static Map<String, String> scriptNames() {
		Map<String, String> names = new LinkedHashMap<>();
		names.put(RedisLockScripts.ACQUIRE.getSha1(), "acquire");
		names.put(RedisLockScripts.RELEASE.getSha1(), "release");
		names.put(RedisLockScripts.LEAVE.getSha1(), "leave");
		names.put(RedisLockScripts.RELEASE_AFTER.getSha1(), "release-after");
		names.put(RedisLockScripts.FORCE_RELEASE.getSha1(), "force-release");
		names.put(RedisLockScripts.REFRESH.getSha1(), "refresh");
		names.put(RedisLockScripts.STATE.getSha1(), "state");
		names.put(RedisLeaseScripts.SEMAPHORE_ACQUIRE.getSha1(), "semaphore-acquire");
		names.put(RedisLeaseScripts.SEMAPHORE_UNDO.getSha1(), "semaphore-undo");
		names.put(RedisLeaseScripts.SEMAPHORE_RELEASE.getSha1(), "semaphore-release");
		names.put(RedisLeaseScripts.SEMAPHORE_RELEASE_AFTER.getSha1(), "semaphore-release-after");
		names.put(RedisLeaseScripts.SEMAPHORE_REFRESH.getSha1(), "semaphore-refresh");
		names.put(RedisLeaseScripts.SEMAPHORE_FORCE_RELEASE.getSha1(), "semaphore-force-release");
		names.put(RedisLeaseScripts.SEMAPHORE_HOLDERS.getSha1(), "semaphore-holders");
		names.put(RedisLeaseScripts.READ_WRITE_ACQUIRE.getSha1(), "rw-acquire");
		names.put(RedisLeaseScripts.READ_WRITE_LEAVE_QUEUE.getSha1(), "rw-leave-queue");
		names.put(RedisLeaseScripts.READ_WRITE_UNDO.getSha1(), "rw-undo");
		names.put(RedisLeaseScripts.READ_WRITE_RELEASE.getSha1(), "rw-release");
		names.put(RedisLeaseScripts.READ_WRITE_RELEASE_AFTER.getSha1(), "rw-release-after");
		names.put(RedisLeaseScripts.READ_WRITE_REFRESH.getSha1(), "rw-refresh");
		names.put(RedisLeaseScripts.READ_WRITE_FORCE_RELEASE.getSha1(), "rw-force-release");
		names.put(RedisLeaseScripts.READ_WRITE_HOLDERS.getSha1(), "rw-holders");
		return names;
	}

}
