package dev.distlock.spring.boot.autoconfigure;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The backends {@code distlock.adapter} can choose.
 */
public enum LockAdapterType {

	/**
	 * Redis when the application has a {@code RedisConnectionFactory} bean (and {@code lock-redis} is on the
	 * classpath); otherwise JDBC when {@code lock-jdbc} is on the classpath and the application has one
	 * {@code DataSource} bean (or a primary one); otherwise memory, with a warning at startup that memory locks do not
	 * exclude other instances.
	 */
	AUTO,

	/** Locks in this JVM's memory: they do not exclude other instances of the application. */
	MEMORY,

	/** Locks in Redis, through the application's {@code RedisConnectionFactory}. */
	REDIS,

	/** Locks in a table of the application's relational database, through its {@code DataSource}. */
	JDBC,

	/** No locking at all: every acquire succeeds. For tests, or to switch locking off. */
	NO_OP;

	/**
	 * The value as written in configuration.
	 * @return for example {@code "no-op"}
	 */
	public String propertyValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Reads a {@code distlock.adapter} value as Spring Boot binds it: ignoring case, dashes and underscores.
	 * @param value the value, {@code null} or blank for {@link #AUTO}
	 * @return the type, or {@code null} if the value names none
	 */
	static @Nullable LockAdapterType fromPropertyValue(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return AUTO;
		}
		String canonical = canonical(value);
		return Arrays.stream(values()).filter((type) -> canonical(type.name()).equals(canonical)).findFirst()
			.orElse(null);
	}

	/**
	 * The values a user may write, for messages.
	 * @return for example {@code "auto, memory, redis, jdbc, no-op"}
	 */
	static String propertyValues() {
		return Arrays.stream(values()).map(LockAdapterType::propertyValue).collect(Collectors.joining(", "));
	}

	private static String canonical(String value) {
		return value.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
	}

}
