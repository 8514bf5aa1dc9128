package dev.distlock.spring.boot.autoconfigure;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.util.ClassUtils;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.adapter.NoOpLockAdapter;
import dev.distlock.jdbc.JdbcLockAdapter;

/**
 * Makes the adapter of a provider of {@code distlock.providers.<name>.*}: its own instance, on the application's
 * {@code RedisConnectionFactory} or {@code DataSource} as its {@code adapter} says, {@code auto} choosing as
 * {@code distlock.adapter=auto} does. A JDBC adapter uses the lock table and options of {@code distlock.jdbc.*}.
 */
final class NamedLockAdapters {

	private static final Logger logger = LoggerFactory.getLogger(NamedLockAdapters.class);

	private NamedLockAdapters() {
	}

	static LockAdapter create(String name, DistlockProperties.Provider settings, ListableBeanFactory beanFactory,
			Environment environment, ClassLoader classLoader) {
		String prefix = LockProviderFactory.prefix(name);
		String property = prefix + ".adapter";
		LockAdapterType type = settings.adapter();
		if (type == LockAdapterType.AUTO) {
			type = redisUsable(beanFactory, classLoader) ? LockAdapterType.REDIS
					: jdbcUsable(beanFactory, classLoader) ? LockAdapterType.JDBC : LockAdapterType.MEMORY;
			if (type == LockAdapterType.MEMORY) {
				logger.warn("distlock: the memory locks of provider '{}' are local to this JVM and do not exclude other "
						+ "instances: {}=auto found neither Redis nor one DataSource; set it to memory to keep them "
						+ "without this warning.", name, property);
			}
		}
		return switch (type) {
			case MEMORY -> new MemoryLockAdapter();
			case NO_OP -> new NoOpLockAdapter();
			case REDIS -> {
				if (!redisUsable(beanFactory, classLoader)) {
					throw MissingLockAdapterConfiguration.missing(property, type, classLoader, beanFactory);
				}
				yield Redis.adapter(beanFactory, settings, prefix, environment);
			}
			case JDBC -> {
				if (!jdbcUsable(beanFactory, classLoader)) {
					throw MissingLockAdapterConfiguration.missing(property, type, classLoader, beanFactory);
				}
				yield Jdbc.adapter(beanFactory, environment);
			}
			case AUTO -> throw new IllegalStateException("auto was resolved above");
		};
	}

	private static boolean redisUsable(ListableBeanFactory beanFactory, ClassLoader classLoader) {
		return ClassUtils.isPresent(MissingLockAdapterConfiguration.REDIS_CONNECTION_FACTORY, classLoader)
				&& ClassUtils.isPresent(MissingLockAdapterConfiguration.REDIS_LOCK_ADAPTER, classLoader)
				&& Redis.hasConnectionFactory(beanFactory);
	}

	private static boolean jdbcUsable(ListableBeanFactory beanFactory, ClassLoader classLoader) {
		return ClassUtils.isPresent(MissingLockAdapterConfiguration.JDBC_CLIENT, classLoader)
				&& ClassUtils.isPresent(MissingLockAdapterConfiguration.BOOT_JDBC_INITIALIZER, classLoader)
				&& ClassUtils.isPresent(MissingLockAdapterConfiguration.JDBC_LOCK_ADAPTER, classLoader)
				&& Jdbc.hasDataSource(beanFactory);
	}

	// Loaded only when Spring Data Redis and lock-redis are on the classpath.
	private static final class Redis {

		static boolean hasConnectionFactory(ListableBeanFactory beanFactory) {
			return beanFactory.getBeanProvider(RedisConnectionFactory.class).getIfUnique() != null;
		}

		static LockAdapter adapter(ListableBeanFactory beanFactory, DistlockProperties.Provider settings, String prefix,
				Environment environment) {
			return RedisLockAdapterConfiguration.adapter(
					beanFactory.getBeanProvider(RedisConnectionFactory.class).getObject(), settings.redis(), prefix,
					environment);
		}

	}

	// Loaded only when Spring JDBC, Spring Boot's JDBC support and lock-jdbc are on the classpath.
	private static final class Jdbc {

		static boolean hasDataSource(ListableBeanFactory beanFactory) {
			return beanFactory.getBeanProvider(DataSource.class).getIfUnique() != null;
		}

		static LockAdapter adapter(ListableBeanFactory beanFactory, Environment environment) {
			DistlockJdbcProperties properties = beanFactory.getBeanProvider(DistlockJdbcProperties.class)
				.getIfAvailable(() -> Binder.get(environment).bindOrCreate("distlock.jdbc",
						DistlockJdbcProperties.class));
			JdbcLockAdapter adapter = JdbcLockAdapterConfiguration.adapter(
					beanFactory.getBeanProvider(DataSource.class).getObject(), properties, environment);
			return adapter;
		}

	}

}
