package dev.distlock.spring.boot.autoconfigure;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.adapter.MemoryReadWriteLockAdapter;
import dev.distlock.adapter.MemorySemaphoreAdapter;
import dev.distlock.adapter.ReadWriteLockAdapter;
import dev.distlock.adapter.SemaphoreAdapter;

/**
 * The memory adapter: chosen by {@code distlock.adapter=memory}, and by {@code auto} when neither a Redis nor a JDBC
 * adapter was configured before it, in which case it warns at startup.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnLockAdapter({ LockAdapterType.AUTO, LockAdapterType.MEMORY })
final class MemoryLockAdapterConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(MemoryLockAdapterConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(LockAdapter.class)
	MemoryLockAdapter lockAdapter(DistlockProperties properties) {
		if (properties.adapter() == LockAdapterType.AUTO) {
			// Memory locks pass every single-instance test and fail silently once a second instance runs: say so,
			// unless the application asked for them by name.
			logger.warn("distlock: memory locks are local to this JVM and do not exclude other instances of the "
					+ "application: distlock.adapter=auto found neither a RedisConnectionFactory bean with "
					+ "dev.distlock:lock-redis nor one DataSource bean (or a primary one) with dev.distlock:lock-jdbc. "
					+ "For locks across instances, add Redis (spring-boot-starter-data-redis and dev.distlock:lock-redis) or a "
					+ "database (spring-boot-starter-jdbc and dev.distlock:lock-jdbc), or set distlock.adapter to "
					+ "redis or jdbc; set distlock.adapter=memory to keep memory locks without this warning.");
		}
		return new MemoryLockAdapter();
	}

	// Beside memory locks only: with auto this configuration matches also when Redis or JDBC took the locks.
	@Bean
	@ConditionalOnBean(MemoryLockAdapter.class)
	@ConditionalOnMissingBean(SemaphoreAdapter.class)
	MemorySemaphoreAdapter semaphoreAdapter() {
		return new MemorySemaphoreAdapter();
	}

	@Bean
	@ConditionalOnBean(MemoryLockAdapter.class)
	@ConditionalOnMissingBean(ReadWriteLockAdapter.class)
	MemoryReadWriteLockAdapter readWriteLockAdapter() {
		return new MemoryReadWriteLockAdapter();
	}

}
