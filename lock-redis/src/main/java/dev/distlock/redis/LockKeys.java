package dev.distlock.redis;

import java.util.List;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;

/**
 * The keys and channel that serve one lock, all on the lock key's Redis Cluster slot, so that every script touches
 * one slot and every grant is announced on that slot's node only:
 * <ul>
 * <li>the lock itself, at the namespaced key;</li>
 * <li>the fence counter of its slot ({@link FenceKeys});</li>
 * <li>its line of waiters, {@value #LINE_PREFIX}<code>{tag}</code> followed by the lock key, a list of entry ids;</li>
 * <li>what each entry needs to be handed the lock, {@value #ENTRIES_PREFIX}<code>{tag}</code> followed by the lock
 * key, a hash;</li>
 * <li>the channel on which grants to the waiters of one process are announced, {@value #GRANT_PREFIX}
 * <code>{tag}</code> followed by the process's id: one per slot and process, so that a grant reaches the waiting
 * process only.</li>
 * </ul>
 * The fixed prefix before the tag keeps the derived keys of two different lock keys apart. The keys' prefixes start
 * with the root marker {@code _rt}, which no namespace may contain, so no namespaced key (another lock's, whatever its
 * namespace and key) can ever equal a line or its entries.
 */
final class LockKeys {

	/** What a line's key starts with. */
	static final String LINE_PREFIX = "_rt:distlock:line:";

	/** What the key of a line's entries starts with. */
	static final String ENTRIES_PREFIX = "_rt:distlock:entries:";

	/** What a grant channel starts with. */
	static final String GRANT_PREFIX = "distlock:grant:";

	private LockKeys() {
	}

	/**
	 * The keys a script that takes or frees the lock is given, in the order the scripts expect.
	 * @param lockKey the namespaced lock key
	 * @return the lock key, its fence counter, its line and its line's entries
	 */
	static List<String> of(String lockKey) {
		String tag = FenceKeys.hashTag(ClusterSlotHashUtil.calculateSlot(lockKey));
		return List.of(lockKey, FenceKeys.PREFIX + tag, LINE_PREFIX + tag + lockKey, ENTRIES_PREFIX + tag + lockKey);
	}

	/**
	 * The channel on which grants of the lock to the waiters of one process are announced.
	 * @param lockKey the namespaced lock key
	 * @param processId the id of the waiters' adapter
	 * @return the channel, on the lock key's slot
	 */
	static String grantChannel(String lockKey, String processId) {
		return GRANT_PREFIX + FenceKeys.hashTag(ClusterSlotHashUtil.calculateSlot(lockKey)) + processId;
	}

}
