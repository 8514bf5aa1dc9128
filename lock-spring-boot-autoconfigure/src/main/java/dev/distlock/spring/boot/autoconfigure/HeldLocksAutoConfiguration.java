package dev.distlock.spring.boot.autoconfigure;

import java.time.Clock;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.distlock.LockProvider;
import dev.distlock.spring.actuate.LocksEndpoint;
import dev.distlock.spring.observation.HeldLocks;

/**
 * Keeps track of the locks this instance holds ({@link HeldLocks}), of at most {@code distlock.held-locks.max-size},
 * but only for something that shows them: the {@code locks} endpoint when it is available, or the
 * {@code distlock.locks.held} meters when the application has a Micrometer {@code MeterRegistry}. Without either, no
 * lock event is tracked at all.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = DistributedLockAutoConfiguration.class,
		afterName = { "org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnSingleCandidate(LockProvider.class)
public final class HeldLocksAutoConfiguration {

	private static final String MAX_SIZE = "distlock.held-locks.max-size";

	HeldLocksAutoConfiguration() {
	}

	static int maxSize(DistlockProperties properties, Environment environment) {
		int maxSize = properties.heldLocks().maxSize();
		if (maxSize < 1 || maxSize > DistlockProperties.MAX_HELD_LOCKS) {
			throw new DistlockConfigurationException(MAX_SIZE,
					LockProviderFactory.written(environment, MAX_SIZE, maxSize),
					"The held locks view tracks between 1 and " + DistlockProperties.MAX_HELD_LOCKS + " locks.",
					"Set " + MAX_SIZE + " to a number of locks between 1 and " + DistlockProperties.MAX_HELD_LOCKS
							+ ", such as 10000 (the default).");
		}
		return maxSize;
	}

	static HeldLocks heldLocks(LockProvider provider, DistlockProperties properties, Environment environment) {
		HeldLocks heldLocks = new HeldLocks(provider, Clock.systemUTC(), maxSize(properties, environment));
		provider.addListener(heldLocks);
		return heldLocks;
	}

	// Each by the name of what it needs, so that neither Actuator nor Micrometer need be on the classpath.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
			"org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint" })
	@ConditionalOnAvailableEndpoint(LocksEndpoint.class)
	static final class ForLocksEndpoint {

		@Bean
		@ConditionalOnMissingBean
		HeldLocks heldLocks(LockProvider provider, DistlockProperties properties, Environment environment) {
			return HeldLocksAutoConfiguration.heldLocks(provider, properties, environment);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
	static final class ForMeters {

		@Bean
		@ConditionalOnMissingBean
		HeldLocks heldLocks(LockProvider provider, DistlockProperties properties, Environment environment) {
			return HeldLocksAutoConfiguration.heldLocks(provider, properties, environment);
		}

	}

}
