package dev.distlock.redis;

import java.util.List;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;

/**
 * The keys and channels of semaphores and read-write locks. Each derived key is a fixed prefix, the hash tag of the
 * namespaced key's cluster slot ({@link FenceKeys#hashTag}) and the namespaced key, so that all keys of one semaphore
 * or lock, its slot's fence counter and its release channel are on one slot, the slot a lock of the same name would
 * be on. The prefixes differ from each other and from the lock adapter's ({@link LockKeys}; a lock itself is stored
 * at the bare namespaced key), so a semaphore, a read-write lock and a lock of the same name never share a key:
 * <ul>
 * <li>semaphore: {@value #SEMAPHORE_DATA}<code>{tag}key</code>, a hash of the recorded limit and each slot's token
 * and attempt; {@value #SEMAPHORE_SLOTS}<code>{tag}key</code>, a sorted set of owners by expiry (server ms, +inf for
 * never);</li>
 * <li>read-write lock: {@value #READ_WRITE_DATA}<code>{tag}key</code> (tokens and attempts),
 * {@value #READ_WRITE_READS}, {@value #READ_WRITE_WRITES} (holds by expiry) and {@value #READ_WRITE_INTENTS}
 * (intents to write by end);</li>
 * <li>the fence counter {@code distlock:fence:{tag}}, shared with the locks of the slot;</li>
 * <li>release channels {@value #SEMAPHORE_CHANNEL}<code>{tag}</code> and {@value #READ_WRITE_CHANNEL}
 * <code>{tag}</code>, one per slot, carrying {@code "<count> <key>"}.</li>
 * </ul>
 */
final class LeaseKeys {

	static final String SEMAPHORE_DATA = "distlock:semaphore:";

	static final String SEMAPHORE_SLOTS = "distlock:semaphore-slots:";

	static final String READ_WRITE_DATA = "distlock:rw:";

	static final String READ_WRITE_READS = "distlock:rw-reads:";

	static final String READ_WRITE_WRITES = "distlock:rw-writes:";

	static final String READ_WRITE_INTENTS = "distlock:rw-intents:";

	static final String SEMAPHORE_CHANNEL = "distlock:semaphore-released:";

	static final String READ_WRITE_CHANNEL = "distlock:rw-released:";

	private LeaseKeys() {
	}

	static String tag(String key) {
		return FenceKeys.hashTag(ClusterSlotHashUtil.calculateSlot(key));
	}

	/** A semaphore's data and slots: what every semaphore script but acquire is given. */
	static List<String> semaphore(String key) {
		String tag = tag(key);
		return List.of(SEMAPHORE_DATA + tag + key, SEMAPHORE_SLOTS + tag + key);
	}

	/** A semaphore's data, slots and fence counter: what acquire is given. */
	static List<String> semaphoreAcquire(String key) {
		String tag = tag(key);
		return List.of(SEMAPHORE_DATA + tag + key, SEMAPHORE_SLOTS + tag + key, FenceKeys.PREFIX + tag);
	}

	/** A read-write lock's data, reads, writes and intents: what every script but acquire is given. */
	static List<String> readWrite(String key) {
		String tag = tag(key);
		return List.of(READ_WRITE_DATA + tag + key, READ_WRITE_READS + tag + key, READ_WRITE_WRITES + tag + key,
				READ_WRITE_INTENTS + tag + key);
	}

	/** A read-write lock's keys and fence counter: what acquire is given. */
	static List<String> readWriteAcquire(String key) {
		String tag = tag(key);
		return List.of(READ_WRITE_DATA + tag + key, READ_WRITE_READS + tag + key, READ_WRITE_WRITES + tag + key,
				READ_WRITE_INTENTS + tag + key, FenceKeys.PREFIX + tag);
	}

	static String semaphoreChannel(String key) {
		return SEMAPHORE_CHANNEL + tag(key);
	}

	static String readWriteChannel(String key) {
		return READ_WRITE_CHANNEL + tag(key);
	}

}
