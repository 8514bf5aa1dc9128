package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.sql.init.DatabaseInitializationMode;

/**
 * The {@code distlock.jdbc.*} configuration properties: options of the JDBC adapter.
 *
 * <p>Apart from {@link DistlockProperties} because they use Spring Boot's {@link DatabaseInitializationMode}, which an
 * application without JDBC does not have on its classpath: they are bound only when the JDBC adapter is configured.
 *
 * @param tableName Lock table, optionally qualified by its schema (locks.distlock_locks); letters, digits and
 * underscores only.
 * @param initializeSchema When the lock table is created at startup, as for Spring Session JDBC and Spring Batch:
 * embedded (only in an embedded database such as H2), always, or never (create it with the script in a migration).
 * @param queryTimeout How long one lock statement may run before the driver cancels it and the call fails with a
 * LockBackendException; rounded up to whole seconds, positive and at most a day.
 * @param notifications Whether, on PostgreSQL, releases are announced with NOTIFY and one listening connection per
 * instance wakes its waiters at once, instead of their polling; it holds one connection of the pool.
 * @param cleanupAfter How long a row stays after its lock was released or expired before it may be deleted; while it
 * stays, the key's next fencing token follows its last one.
 * @since 0.1.0
 */
@ConfigurationProperties("distlock.jdbc")
public record DistlockJdbcProperties(@DefaultValue("distlock_locks") String tableName,
		@DefaultValue("embedded") DatabaseInitializationMode initializeSchema,
		@DefaultValue("2s") Duration queryTimeout, @DefaultValue("true") boolean notifications,
		@DefaultValue("1h") Duration cleanupAfter) {

	/** The property that decides whether the lock table is created at startup. */
	static final String INITIALIZE_SCHEMA = "distlock.jdbc.initialize-schema";

}
