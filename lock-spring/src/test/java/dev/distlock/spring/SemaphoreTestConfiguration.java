package dev.distlock.spring;

import java.util.UUID;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.distlock.ReadWriteLockProvider;
import dev.distlock.SemaphoreProvider;
import dev.distlock.adapter.MemoryReadWriteLockAdapter;
import dev.distlock.adapter.MemorySemaphoreAdapter;

/** Memory semaphore and read-write lock providers beside {@link LockTestConfiguration}'s lock provider. */
@Configuration(proxyBeanMethods = false)
class SemaphoreTestConfiguration {

	@Bean
	MemorySemaphoreAdapter memorySemaphoreAdapter() {
		return new MemorySemaphoreAdapter();
	}

	@Bean(destroyMethod = "close")
	SemaphoreProvider semaphoreProvider(MemorySemaphoreAdapter adapter) {
		return SemaphoreProvider.create(adapter, (builder) -> builder.namespace("test-" + UUID.randomUUID()));
	}

	@Bean(destroyMethod = "close")
	ReadWriteLockProvider readWriteLockProvider() {
		return ReadWriteLockProvider.create(new MemoryReadWriteLockAdapter(),
				(builder) -> builder.namespace("test-" + UUID.randomUUID()));
	}

}
