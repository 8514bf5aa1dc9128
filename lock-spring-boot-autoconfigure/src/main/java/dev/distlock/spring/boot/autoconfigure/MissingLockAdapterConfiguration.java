package dev.distlock.spring.boot.autoconfigure;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

import dev.distlock.adapter.LockAdapter;

/**
 * Last in line: when no adapter configuration matched and the application has no adapter of its own, fails the
 * startup with the reason: {@code redis} or {@code jdbc} without what it
 * needs.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnMissingBean(LockAdapter.class)
final class MissingLockAdapterConfiguration {

	static final String REDIS_CONNECTION_FACTORY = "org.springframework.data.redis.connection.RedisConnectionFactory";

	static final String REDIS_LOCK_ADAPTER = "dev.distlock.redis.RedisLockAdapter";

	static final String JDBC_CLIENT = "org.springframework.jdbc.core.simple.JdbcClient";

	static final String BOOT_JDBC_INITIALIZER =
			"org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer";

	static final String JDBC_LOCK_ADAPTER = "dev.distlock.jdbc.JdbcLockAdapter";

	@Bean
	LockAdapter lockAdapter(DistlockProperties properties, ResourceLoader resourceLoader,
			ListableBeanFactory beanFactory) {
		throw missing(OnLockAdapterCondition.PROPERTY, properties.adapter(), resourceLoader.getClassLoader(),
				beanFactory);
	}

	/**
	 * Why an adapter of {@code type} cannot be made.
	 * @param property the property that chose it, for the report
	 * @param type the type
	 * @param classLoader the application's class loader
	 * @param beanFactory the bean factory
	 * @return the report, as an exception to throw
	 */
	static DistlockConfigurationException missing(String property, LockAdapterType type,
			@Nullable ClassLoader classLoader,
			ListableBeanFactory beanFactory) {
		String value = type.propertyValue();
		if (type == LockAdapterType.REDIS) {
			return redisMissing(property, value, classLoader);
		}
		if (type == LockAdapterType.JDBC) {
			return jdbcMissing(property, value, classLoader, beanFactory);
		}
		// Memory, no-op and auto (which falls back to memory) always have an adapter: a bean of the application's
		// own was expected and is missing.
		return new DistlockConfigurationException(property, value, "No lock adapter could be made for '" + value + "'.",
				"Define a LockAdapter bean, or set " + property + " to memory.");
	}

	private static DistlockConfigurationException redisMissing(String property, String value,
			@Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(REDIS_CONNECTION_FACTORY, classLoader)) {
			return new DistlockConfigurationException(property, value,
					"The Redis adapter needs Spring Data Redis, which is not on the classpath.",
					"Add the dependency org.springframework.boot:spring-boot-starter-data-redis, or set "
							+ property + " to memory or auto.");
		}
		if (!ClassUtils.isPresent(REDIS_LOCK_ADAPTER, classLoader)) {
			return new DistlockConfigurationException(property, value,
					"The Redis adapter's module is not on the classpath.",
					"Add the dependency dev.distlock:lock-redis, or set " + property + " to memory or auto.");
		}
		return new DistlockConfigurationException(property, value,
				"The Redis adapter needs a RedisConnectionFactory bean, and the application has none.",
				"Configure Redis with the spring.data.redis.* properties (spring-boot-starter-data-redis "
						+ "auto-configures the factory), define a RedisConnectionFactory bean, or set "
						+ property + " to memory.");
	}

	private static DistlockConfigurationException jdbcMissing(String property, String value,
			@Nullable ClassLoader classLoader, ListableBeanFactory beanFactory) {
		if (!ClassUtils.isPresent(JDBC_CLIENT, classLoader)
				|| !ClassUtils.isPresent(BOOT_JDBC_INITIALIZER, classLoader)) {
			return new DistlockConfigurationException(property, value,
					"The JDBC adapter needs Spring JDBC and Spring Boot's JDBC support, which are not on the "
							+ "classpath.",
					"Add the dependency org.springframework.boot:spring-boot-starter-jdbc (or a starter that brings "
							+ "it, such as spring-boot-starter-data-jpa), or set " + property + " to memory or auto.");
		}
		if (!ClassUtils.isPresent(JDBC_LOCK_ADAPTER, classLoader)) {
			return new DistlockConfigurationException(property, value,
					"The JDBC adapter's module is not on the classpath.",
					"Add the dependency dev.distlock:lock-jdbc, or set " + property + " to memory or auto.");
		}
		String[] dataSources = beanFactory.getBeanNamesForType(DataSource.class, true, false);
		if (dataSources.length > 1) {
			return new DistlockConfigurationException(property, value,
					"The JDBC adapter needs one DataSource bean, and the application has " + dataSources.length
							+ " (" + String.join(", ", dataSources) + ") with none of them primary.",
					"Mark the DataSource that should hold the locks with @Primary, or define a JdbcLockAdapter "
							+ "bean on it.");
		}
		return new DistlockConfigurationException(property, value,
				"The JDBC adapter needs a DataSource bean, and the application has none.",
				"Configure a database with the spring.datasource.* properties (spring-boot-starter-jdbc "
						+ "auto-configures the DataSource), define a DataSource bean, or set " + property + " to "
						+ "memory.");
	}

}
