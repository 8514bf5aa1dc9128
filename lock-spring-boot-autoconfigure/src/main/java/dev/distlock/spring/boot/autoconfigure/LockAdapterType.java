package dev.distlock.spring.boot.autoconfigure;

import java.util.Locale;

/**
 * The backends {@code distlock.adapter} and {@code distlock.providers.<name>.adapter} can choose.
 *
 * @since 0.1.0
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

}
