package dev.distlock.benchmarks;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A library's semaphore and read-write lock as the semaphore benchmarks drive them: a slot of a semaphore of
 * {@link #LIMIT} permits, the read half or the write half of a read-write lock; try once, wait, release. Each
 * implementation creates the library's object per use, as applications do, with the same 30 second lease as
 * {@link LockClient} so that no library renews in the background.
 */
interface LeaseClient extends AutoCloseable {

	/** How many owners may hold a slot of the benchmark semaphore at once. */
	int LIMIT = 2;

	/** The names accepted by {@link #open(String)}, in the order the runner alternates. */
	List<String> LIBRARIES = List.of("distlock", "redisson", "distlock-memory");

	/** What is acquired. */
	enum Kind {

		/** A slot of a semaphore of {@link #LIMIT}. */
		SLOT,

		/** The read half of a read-write lock. */
		READ,

		/** The write half of a read-write lock. */
		WRITE;

		static Kind of(String name) {
			return valueOf(name.toUpperCase(java.util.Locale.ROOT));
		}

	}

	/**
	 * One attempt.
	 * @param kind what to acquire
	 * @param key the key
	 * @return what {@link #release(Object)} needs, or {@code null} when refused
	 */
	@Nullable Object tryAcquire(Kind kind, String key);

	/**
	 * Waits, as the library waits, for up to {@link LockClient#WAIT_MILLIS}.
	 * @param kind what to acquire
	 * @param key the key
	 * @return what {@link #release(Object)} needs, or {@code null} when the wait ran out
	 * @throws InterruptedException if interrupted
	 */
	@Nullable Object acquire(Kind kind, String key) throws InterruptedException;

	/**
	 * Releases what {@link #tryAcquire} or {@link #acquire} returned, on the thread that acquired it.
	 * @param token the token
	 */
	void release(Object token);

	/** What the report should know about the configuration. */
	String describe();

	@Override
	void close();

	/**
	 * A library on the benchmark Redis ({@link BenchRedis}), or distlock's memory adapters.
	 * @param library one of {@link #LIBRARIES}
	 * @return the client
	 */
	static LeaseClient open(String library) {
		return switch (library) {
			case "distlock" -> new DistlockLeaseClient(false);
			case "distlock-memory" -> new DistlockLeaseClient(true);
			case "redisson" -> new RedissonLeaseClient();
			default -> throw new IllegalArgumentException("Unknown library " + library + "; one of " + LIBRARIES);
		};
	}

}
