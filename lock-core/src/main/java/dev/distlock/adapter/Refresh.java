package dev.distlock.adapter;

import java.time.Duration;
import java.util.Objects;

/**
 * One owner-checked refresh in a batch, see {@link LockAdapter#refreshAll(java.util.List)}.
 *
 * @param key the namespaced key
 * @param owner the owner token
 * @param token the fencing token the hold must have, or {@link LockAdapter#ANY_TOKEN}
 * @param ttl the new time to live, measured from when the backend applies it
 * @since 0.1.0
 */
public record Refresh(String key, String owner, long token, Duration ttl) {

	/**
	 * Checks the values.
	 * @param key the namespaced key
	 * @param owner the owner token
	 * @param token the fencing token, or {@link LockAdapter#ANY_TOKEN}
	 * @param ttl the new time to live
	 */
	public Refresh {
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(owner, "owner");
		Objects.requireNonNull(ttl, "ttl");
	}

	/**
	 * The refresh without its owner, which is the lock's credential: {@code toString} output ends up in logs.
	 * @return the key, token and TTL
	 */
	@Override
	public String toString() {
		return "Refresh[key=" + this.key + ", token=" + this.token + ", ttl=" + this.ttl + "]";
	}

}
