package dev.distlock.benchmarks;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One lock library as the benchmarks drive it: try once, wait, release. Each implementation uses its library the way
 * that library's documentation shows, with a 30 second lease so that no library runs a renewal watchdog.
 */
interface LockClient extends AutoCloseable {

	/** The lease every library gets, so that no one renews in the background. */
	long LEASE_MILLIS = 30_000;

	/** How long a blocking acquire may wait before the harness counts a failure. */
	long WAIT_MILLIS = 60_000;

	/** The names accepted by {@link #open(String)}, in the order the runner alternates. */
	List<String> REDIS_LIBRARIES = List.of("distlock", "lettuce-floor", "redisson", "redisson-sized", "si-spin",
			"si-pubsub", "shedlock", "distlock-cheap-owner", "distlock-adapter-only");

	/** The names accepted by {@link #openJdbc(String, JdbcCalls)}, all on the benchmark PostgreSQL. */
	List<String> JDBC_LIBRARIES = List.of("distlock-jdbc", "shedlock-jdbc", "si-jdbc", "distlock-jdbc-no-notify");

	/**
	 * One attempt.
	 * @param key the key
	 * @return what {@link #release(Object)} needs, or {@code null} when the key is taken
	 */
	@Nullable Object tryAcquire(String key);

	/**
	 * Waits for the key, as the library waits.
	 * @param key the key
	 * @return what {@link #release(Object)} needs, or {@code null} after {@link #WAIT_MILLIS}
	 * @throws InterruptedException if interrupted
	 */
	@Nullable Object acquire(String key) throws InterruptedException;

	/**
	 * Releases what {@link #tryAcquire} or {@link #acquire} returned, on the thread that acquired it.
	 * @param token the token
	 */
	void release(Object token);

	/** Whether {@link #acquire(String)} is supported: ShedLock and the floor cannot wait. */
	default boolean canWait() {
		return true;
	}

	/**
	 * Grant messages this client's library received so far, for the fan-out measurement: distlock's
	 * {@code RedisLockAdapter.getReceivedGrantMessageCount()}.
	 * @return the count, or {@code -1} for a library that does not count them
	 */
	default long grantMessages() {
		return -1;
	}

	/** What the report should know about the configuration, for example thread pool sizes. */
	default String describe() {
		return "";
	}

	@Override
	void close();

	/**
	 * A Redis library on the benchmark Redis ({@link BenchRedis}: the standalone server, or the cluster when
	 * {@code -Ddistlock.bench.redisCluster} is set).
	 * @param library one of {@link #REDIS_LIBRARIES}
	 * @return the client
	 */
	static LockClient open(String library) {
		return switch (library) {
			case "distlock" -> new DistlockClient(DistlockClient.Variant.AS_SHIPPED);
			case "distlock-cheap-owner" -> new DistlockClient(DistlockClient.Variant.CHEAP_OWNER);
			case "distlock-adapter-only" -> new DistlockClient(DistlockClient.Variant.ADAPTER_ONLY);
			case "lettuce-floor" -> new LettuceFloorClient();
			case "redisson" -> new RedissonLockClient(false);
			case "redisson-sized" -> new RedissonLockClient(true);
			case "si-spin" -> new SpringIntegrationClient(false);
			case "si-pubsub" -> new SpringIntegrationClient(true);
			case "shedlock" -> new ShedLockClient();
			default -> throw new IllegalArgumentException("Unknown library " + library + "; one of " + REDIS_LIBRARIES);
		};
	}

	/**
	 * A JDBC library on the benchmark PostgreSQL (see {@link BenchJdbc}), with a pool and a table of its own.
	 * @param library one of {@link #JDBC_LIBRARIES}
	 * @param calls counts the library's JDBC calls, or {@code null} for the pool as it is
	 * @return the client, which drops its table when closed
	 */
	static LockClient openJdbc(String library, @Nullable JdbcCalls calls) {
		return switch (library) {
			case "distlock-jdbc" -> new DistlockJdbcClient(calls, DistlockJdbcClient.Variant.AS_SHIPPED);
			case "distlock-jdbc-no-notify" -> new DistlockJdbcClient(calls, DistlockJdbcClient.Variant.NO_NOTIFY);
			case "shedlock-jdbc" -> new ShedLockJdbcClient(calls);
			case "si-jdbc" -> new SpringIntegrationJdbcClient(calls);
			default -> throw new IllegalArgumentException("Unknown JDBC library " + library + "; one of " + JDBC_LIBRARIES);
		};
	}

}
