package dev.distlock.spring.boot.autoconfigure.actuate;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;

import dev.distlock.LockProvider;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.spring.actuate.LockHealthIndicator;
import dev.distlock.spring.boot.autoconfigure.DistributedLockAutoConfiguration;

/**
 * The {@code distlock} health indicator, unless {@code management.health.distlock.enabled} is {@code false}.
 */
@AutoConfiguration(after = DistributedLockAutoConfiguration.class)
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnSingleCandidate(LockProvider.class)
@ConditionalOnEnabledHealthIndicator("distlock")
public final class LockHealthContributorAutoConfiguration {

	LockHealthContributorAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean(name = "distlockHealthIndicator")
	LockHealthIndicator distlockHealthIndicator(LockProvider provider, ObjectProvider<LockAdapter> adapter) {
		return new LockHealthIndicator(provider, adapter.getIfUnique());
	}

}
