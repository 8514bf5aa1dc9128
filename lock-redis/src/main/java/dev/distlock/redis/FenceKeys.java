package dev.distlock.redis;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;

/**
 * Where the fencing-token counters live: one counter per Redis Cluster slot, {@value #PREFIX}{@code {tag}}, whose
 * hash tag puts it on the slot of the lock keys it serves, so that the acquire script touches a single slot.
 *
 * <p>A counter per lock key would have to outlive its lock and so pile up; one per slot is bounded (16384 keys at
 * most) and, shared by every key of the slot, still strictly increasing for each. The tags are the shortest decimal
 * strings, one per slot, found once by counting up: about 170,000 CRC16 hashes of short strings, a few milliseconds.
 */
final class FenceKeys {

	/** What every counter's key starts with. */
	static final String PREFIX = "distlock:fence:";

	private static final String[] TAGS = tags();

	private FenceKeys() {
	}

	/**
	 * The counter for a lock key.
	 * @param lockKey the namespaced lock key, with or without a {@code {hash tag}}
	 * @return the counter's key, on the same cluster slot
	 */
	static String of(String lockKey) {
		return forSlot(ClusterSlotHashUtil.calculateSlot(lockKey));
	}

	/**
	 * The counter for a cluster slot.
	 * @param slot the slot, {@code 0} to {@code 16383}
	 * @return the counter's key, on that slot
	 */
	static String forSlot(int slot) {
		return PREFIX + hashTag(slot);
	}

	/**
	 * The shortest hash tag, braces included, that puts a key on {@code slot}: for every key that must share a lock
	 * key's slot.
	 * @param slot the slot, {@code 0} to {@code 16383}
	 * @return the hash tag, for example <code>{42}</code>
	 */
	static String hashTag(int slot) {
		return "{" + TAGS[slot] + "}";
	}

	private static String[] tags() {
		String[] tags = new String[ClusterSlotHashUtil.SLOT_COUNT];
		int found = 0;
		for (int candidate = 0; found < tags.length; candidate++) {
			String tag = Integer.toString(candidate);
			int slot = ClusterSlotHashUtil.calculateSlot(tag);
			if (tags[slot] == null) {
				tags[slot] = tag;
				found++;
			}
		}
		return tags;
	}

}
