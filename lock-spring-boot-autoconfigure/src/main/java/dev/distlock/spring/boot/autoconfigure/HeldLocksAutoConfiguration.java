package dev.distlock.spring.boot.autoconfigure;

import java.time.Clock;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;

import dev.distlock.DefaultLockProvider;
import dev.distlock.spring.observation.HeldLocks;

/**
 * Keeps track of the locks this instance holds ({@link HeldLocks}), for the {@code locks} endpoint and the
 * {@code distlock.locks.held} meters.
 */
@AutoConfiguration(after = DistributedLockAutoConfiguration.class)
@ConditionalOnSingleCandidate(DefaultLockProvider.class)
public final class HeldLocksAutoConfiguration {

	HeldLocksAutoConfiguration() {
	}

	@Bean
	HeldLocks heldLocks(DefaultLockProvider provider) {
		HeldLocks heldLocks = new HeldLocks(provider.getInstanceId(), Clock.systemUTC());
		provider.addListener(heldLocks);
		return heldLocks;
	}

}
