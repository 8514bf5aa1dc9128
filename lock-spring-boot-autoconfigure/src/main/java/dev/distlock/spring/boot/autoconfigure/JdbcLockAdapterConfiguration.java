package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.dependency.DatabaseInitializationDependencyConfigurer;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.ReadWriteLockAdapter;
import dev.distlock.adapter.SemaphoreAdapter;
import dev.distlock.jdbc.JdbcDialect;
import dev.distlock.jdbc.JdbcLockAdapter;
import dev.distlock.jdbc.JdbcLockAdapterSettings;
import dev.distlock.jdbc.JdbcReadWriteLockAdapter;
import dev.distlock.jdbc.JdbcSemaphoreAdapter;

/**
 * The JDBC adapter, on the application's {@link DataSource}: chosen by {@code distlock.adapter=jdbc}, and by
 * {@code auto} when there is one such bean (or a primary one) and no Redis adapter was configured before it, with the
 * table, timeout, notifications and clean-up of {@code distlock.jdbc.*}.
 *
 * <p>The lock table is created at startup as {@code distlock.jdbc.initialize-schema} says, through Spring Boot's
 * database initialization; the adapter is created after every database initializer (Flyway and Liquibase included)
 * and checks its table at once, so that a missing table stops the startup naming the property and the script. Spring
 * Boot closes the adapter (its PostgreSQL listening connection) on shutdown; the {@code DataSource} stays Boot's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass({ JdbcClient.class, DataSourceScriptDatabaseInitializer.class, JdbcLockAdapter.class })
@ConditionalOnSingleCandidate(DataSource.class)
@ConditionalOnLockAdapter({ LockAdapterType.AUTO, LockAdapterType.JDBC })
// On the class, not only the adapter: with a Redis adapter (or the application's own) no lock table is created either.
@ConditionalOnMissingBean(LockAdapter.class)
@EnableConfigurationProperties(DistlockJdbcProperties.class)
@Import(DatabaseInitializationDependencyConfigurer.class)
final class JdbcLockAdapterConfiguration {

	private static final String TABLE_NAME = "distlock.jdbc.table-name";

	private static final String QUERY_TIMEOUT = "distlock.jdbc.query-timeout";

	private static final String CLEANUP_AFTER = "distlock.jdbc.cleanup-after";

	// The adapter refuses longer ones too, but without the property's name.
	private static final Duration MAX_QUERY_TIMEOUT = Duration.ofDays(1);

	private static final Duration MAX_CLEANUP_AFTER = Duration.ofDays(36500);

	@Bean
	@Conditional(OnSchemaInitializationCondition.class)
	JdbcLockSchemaInitializer distlockSchemaInitializer(DataSource dataSource, DistlockJdbcProperties properties,
			Environment environment) {
		JdbcLockAdapterSettings settings = settings(properties, environment);
		return new JdbcLockSchemaInitializer(dataSource, dialect(dataSource, environment), settings.tableName(),
				properties.initializeSchema());
	}

	// Closed with the context: the destroy method is inferred from AutoCloseable, and close() stops the listener.
	@Bean
	@DependsOnDatabaseInitialization
	JdbcLockAdapter lockAdapter(DataSource dataSource, DistlockJdbcProperties properties, Environment environment) {
		return adapter(dataSource, properties, environment);
	}

	// Beside JDBC locks, on the same DataSource and table settings; checked at once like the lock table. Not for a
	// lock table name too long to name their tables after (the schema script then creates none of them either).
	@Bean
	@DependsOnDatabaseInitialization
	@ConditionalOnBean(JdbcLockAdapter.class)
	@ConditionalOnMissingBean(SemaphoreAdapter.class)
	@Conditional(OnLeaseTablesCondition.class)
	JdbcSemaphoreAdapter semaphoreAdapter(DataSource dataSource, DistlockJdbcProperties properties,
			Environment environment) {
		JdbcSemaphoreAdapter adapter = new JdbcSemaphoreAdapter(dataSource,
				settings(properties, environment).withDialect(dialect(dataSource, environment)));
		adapter.checkSchema();
		return adapter;
	}

	@Bean
	@DependsOnDatabaseInitialization
	@ConditionalOnBean(JdbcLockAdapter.class)
	@ConditionalOnMissingBean(ReadWriteLockAdapter.class)
	@Conditional(OnLeaseTablesCondition.class)
	JdbcReadWriteLockAdapter readWriteLockAdapter(DataSource dataSource, DistlockJdbcProperties properties,
			Environment environment) {
		JdbcReadWriteLockAdapter adapter = new JdbcReadWriteLockAdapter(dataSource,
				settings(properties, environment).withDialect(dialect(dataSource, environment)));
		adapter.checkSchema();
		return adapter;
	}

	static JdbcLockAdapter adapter(DataSource dataSource, DistlockJdbcProperties properties, Environment environment) {
		JdbcLockAdapter adapter = new JdbcLockAdapter(dataSource,
				settings(properties, environment).withDialect(dialect(dataSource, environment)));
		try {
			// Now rather than at the first lock: a missing table is a startup failure that names the fix.
			adapter.checkSchema();
		}
		catch (RuntimeException ex) {
			// A bean that fails to be created is never destroyed: stop its listener here.
			adapter.close();
			throw ex;
		}
		return adapter;
	}

	static JdbcLockAdapterSettings settings(DistlockJdbcProperties properties, Environment environment) {
		JdbcLockAdapterSettings settings;
		try {
			settings = JdbcLockAdapterSettings.defaults().withTableName(properties.tableName());
		}
		catch (IllegalArgumentException ex) {
			throw new DistlockConfigurationException(TABLE_NAME, properties.tableName(),
					"The table name is written into the lock statements, so it must be an unquoted SQL identifier: "
							+ "letters, digits and underscores, at most 63 characters, optionally after a schema "
							+ "name and a dot.",
					"Set " + TABLE_NAME + " to a name such as distlock_locks or locks.distlock_locks.");
		}
		return settings.withQueryTimeout(queryTimeout(properties, environment))
			.withNotifications(properties.notifications())
			.withCleanupAfter(cleanupAfter(properties, environment));
	}

	private static Duration queryTimeout(DistlockJdbcProperties properties, Environment environment) {
		String action = "Set " + QUERY_TIMEOUT + " to a positive duration of at most a day, such as 2s or 5s.";
		Duration timeout = LockProviderFactory.positive(environment, QUERY_TIMEOUT, properties.queryTimeout(), action);
		if (timeout.compareTo(MAX_QUERY_TIMEOUT) > 0) {
			throw new DistlockConfigurationException(QUERY_TIMEOUT,
					LockProviderFactory.written(environment, QUERY_TIMEOUT, timeout),
					"The query timeout must be at most a day.", action);
		}
		return timeout;
	}

	private static Duration cleanupAfter(DistlockJdbcProperties properties, Environment environment) {
		String action = "Set " + CLEANUP_AFTER + " to a positive duration of at most 36500 days, such as 1h or 7d.";
		Duration keep = LockProviderFactory.positive(environment, CLEANUP_AFTER, properties.cleanupAfter(), action);
		if (keep.compareTo(MAX_CLEANUP_AFTER) > 0) {
			throw new DistlockConfigurationException(CLEANUP_AFTER,
					LockProviderFactory.written(environment, CLEANUP_AFTER, keep),
					"Rows can be kept at most 36500 days.", action);
		}
		return keep;
	}

	private static JdbcDialect dialect(DataSource dataSource, Environment environment) {
		try {
			return JdbcDialect.detect(dataSource);
		}
		catch (IllegalArgumentException ex) {
			// Another database: auto chose JDBC because lock-jdbc is on the classpath, so say how to choose otherwise.
			throw new DistlockConfigurationException(OnLockAdapterCondition.PROPERTY,
					OnLockAdapterCondition.adapterType(environment).propertyValue(),
					"The JDBC adapter supports PostgreSQL, MariaDB, MySQL and H2, and the application's DataSource "
							+ "is none of them (" + ex.getMessage() + ").",
					"Set distlock.adapter to redis or memory, or remove the dependency dev.distlock:lock-jdbc.");
		}
	}

	/**
	 * Matches when semaphore and read-write lock tables can be named after {@code distlock.jdbc.table-name}
	 * ({@link JdbcLockAdapterSettings#supportsLeaseTables()}). A value that does not bind or is no table name matches,
	 * so that the lock adapter's binding reports it with the property's name.
	 */
	static final class OnLeaseTablesCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String tableName;
			try {
				tableName = Binder.get(context.getEnvironment())
					.bind(TABLE_NAME, String.class)
					.orElse(JdbcLockAdapterSettings.DEFAULT_TABLE_NAME);
			}
			catch (BindException ex) {
				return ConditionOutcome.match(TABLE_NAME + " does not bind");
			}
			try {
				return JdbcLockAdapterSettings.defaults().withTableName(tableName).supportsLeaseTables()
						? ConditionOutcome.match(TABLE_NAME + " leaves room for the lease tables' names")
						: ConditionOutcome.noMatch(TABLE_NAME + " is too long to name semaphore and read-write lock "
								+ "tables after it (at most 48 characters)");
			}
			catch (IllegalArgumentException ex) {
				return ConditionOutcome.match(TABLE_NAME + " is no table name");
			}
		}

	}

	/**
	 * Skips the schema initializer when {@code distlock.jdbc.initialize-schema} is {@code never}, as Spring Boot does
	 * for Spring Session JDBC and Spring Batch. A value that does not bind matches, so that binding the properties
	 * reports it with the property's name.
	 */
	static final class OnSchemaInitializationCondition extends SpringBootCondition {

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			DatabaseInitializationMode mode;
			try {
				mode = Binder.get(context.getEnvironment())
					.bind(DistlockJdbcProperties.INITIALIZE_SCHEMA, DatabaseInitializationMode.class)
					.orElse(DatabaseInitializationMode.EMBEDDED);
			}
			catch (BindException ex) {
				return ConditionOutcome.match(DistlockJdbcProperties.INITIALIZE_SCHEMA + " does not bind");
			}
			String message = DistlockJdbcProperties.INITIALIZE_SCHEMA + " is " + mode;
			return (mode != DatabaseInitializationMode.NEVER) ? ConditionOutcome.match(message)
					: ConditionOutcome.noMatch(message);
		}

	}

}
