package dev.distlock.redis;

/**
 * What the benchmark's raw-Lettuce floor needs of lock-redis's internals to run exactly the adapter's scripts: the
 * fencing-token counter that goes with a lock key. In lock-redis's package, on the benchmarks' class path only.
 */
public final class FloorAccess {

	private FloorAccess() {
	}

	/**
	 * The fencing-token counter the acquire script draws from for {@code lockKey}.
	 * @param lockKey the namespaced lock key
	 * @return the counter's key, on the lock key's cluster slot
	 */
	public static String fenceKey(String lockKey) {
		return FenceKeys.of(lockKey);
	}

}
