package dev.distlock.spring.boot.autoconfigure;

import java.util.UUID;

import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import dev.distlock.DefaultLockProvider;

/**
 * Gives the provider a readable instance id, which marks its lock events: {@code distlock.instance-id} if set,
 * otherwise {@code spring.application.name} (or {@code distlock}) followed by a dash and 8 random hex digits, so that
 * every running instance has its own. Runs first, so that the application's customizers may override it.
 */
final class InstanceIdCustomizer implements LockProviderBuilderCustomizer, Ordered {

	private final String instanceId;

	InstanceIdCustomizer(DistlockProperties properties, Environment environment) {
		String configured = properties.instanceId();
		this.instanceId = (configured != null && !configured.isBlank()) ? configured.trim()
				: environment.getProperty("spring.application.name", "distlock") + "-"
						+ UUID.randomUUID().toString().substring(0, 8);
	}

	@Override
	public void customize(DefaultLockProvider.Builder builder) {
		builder.instanceId(this.instanceId);
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
