package dev.distlock.spring.boot.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.NoOpLockAdapter;

/**
 * The adapter that locks nothing, chosen by {@code distlock.adapter=no-op}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnLockAdapter(LockAdapterType.NO_OP)
final class NoOpLockAdapterConfiguration {

	@Bean
	@ConditionalOnMissingBean(LockAdapter.class)
	NoOpLockAdapter lockAdapter() {
		return new NoOpLockAdapter();
	}

}
