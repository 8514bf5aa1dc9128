package dev.distlock.spring.observation;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Names an adapter for tags and health details, by its class: {@code memory}, {@code redis}, {@code no-op}, or
 * another adapter's simple class name in lower case.
 *
 * @since 0.1.0
 */
public final class LockAdapterNames {

	/** The name when the adapter is not known, for a provider built without an adapter bean: {@value}. */
	public static final String UNKNOWN = "unknown";

	private LockAdapterNames() {
	}

	/**
	 * Names an adapter.
	 * @param adapter the adapter, or {@code null} if unknown
	 * @return its name
	 */
	public static String of(@Nullable Object adapter) {
		if (adapter == null) {
			return UNKNOWN;
		}
		// By simple name, so that optional adapter classes need not be on the classpath.
		String simpleName = adapter.getClass().getSimpleName();
		return switch (simpleName) {
			// A backend's semaphore and read-write lock adapters carry its name too; distlock.kind tells them apart.
			case "MemoryLockAdapter", "MemorySemaphoreAdapter", "MemoryReadWriteLockAdapter" -> "memory";
			case "RedisLockAdapter", "RedisSemaphoreAdapter", "RedisReadWriteLockAdapter" -> "redis";
			case "JdbcLockAdapter", "JdbcSemaphoreAdapter", "JdbcReadWriteLockAdapter" -> "jdbc";
			case "NoOpLockAdapter" -> "no-op";
			default -> simpleName.toLowerCase(Locale.ROOT);
		};
	}

}
