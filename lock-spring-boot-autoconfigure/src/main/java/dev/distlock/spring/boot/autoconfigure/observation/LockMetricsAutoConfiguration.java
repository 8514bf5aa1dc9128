package dev.distlock.spring.boot.autoconfigure.observation;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.distlock.LockProvider;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.spring.boot.autoconfigure.DistlockProperties;
import dev.distlock.spring.boot.autoconfigure.HeldLocksAutoConfiguration;
import dev.distlock.spring.observation.HeldLocks;
import dev.distlock.spring.observation.HeldLocksMeterBinder;
import dev.distlock.spring.observation.LockAdapterNames;
import dev.distlock.spring.observation.LostLocksMeterBinder;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meters of the locks this instance holds: how many ({@code distlock.locks.held}), how long until released
 * ({@code distlock.locks.held.duration}) and how many were lost ({@code distlock.locks.lost}, with the key only when
 * {@code distlock.metrics.key-tag} is on), bound to every {@link MeterRegistry} by Spring Boot.
 *
 * @since 0.1.0
 */
@AutoConfiguration(after = HeldLocksAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, HeldLocks.class })
public final class LockMetricsAutoConfiguration {

	LockMetricsAutoConfiguration() {
	}

	@Bean
	@ConditionalOnMissingBean
	HeldLocksMeterBinder heldLocksMeterBinder(HeldLocks heldLocks, LockProvider provider,
			ObjectProvider<LockAdapter> adapter) {
		return new HeldLocksMeterBinder(heldLocks, provider.getNamespace().root(),
				LockAdapterNames.of(adapter.getIfUnique()));
	}

	@Bean
	@ConditionalOnMissingBean
	LostLocksMeterBinder lostLocksMeterBinder(LockProvider provider, ObjectProvider<LockAdapter> adapter,
			DistlockProperties properties) {
		return new LostLocksMeterBinder(provider, LockAdapterNames.of(adapter.getIfUnique()),
				properties.metrics().keyTag());
	}

}
