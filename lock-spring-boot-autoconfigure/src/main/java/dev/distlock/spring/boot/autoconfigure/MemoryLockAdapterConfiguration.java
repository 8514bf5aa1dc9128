package dev.distlock.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.MemoryLockAdapter;

/**
 * The memory adapter: chosen by {@code distlock.adapter=memory}, and by {@code auto} when no Redis adapter was
 * configured before it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnLockAdapter({ LockAdapterType.AUTO, LockAdapterType.MEMORY })
final class MemoryLockAdapterConfiguration {

	@Bean
	@ConditionalOnMissingBean(LockAdapter.class)
	MemoryLockAdapter lockAdapter() {
		return new MemoryLockAdapter();
	}

}
