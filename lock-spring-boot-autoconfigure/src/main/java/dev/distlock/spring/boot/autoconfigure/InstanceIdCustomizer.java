package dev.distlock.spring.boot.autoconfigure;

import java.util.Objects;
import java.util.UUID;

import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

import dev.distlock.LockProvider;

/**
 * Gives the provider a readable instance id, which marks its lock events: {@code distlock.instance-id} if set,
 * otherwise {@code spring.application.name} (or {@code distlock}) followed by a dash and 8 random hex digits, so that
 * every running instance has its own. Runs first, so that the application's customizers may override it.
 */
final class InstanceIdCustomizer implements LockProviderBuilderCustomizer, LeaseProviderBuilderCustomizer, Ordered {

	private final String instanceId;

	// The property the id comes from, for the report if the provider refuses it.
	private final String property;

	InstanceIdCustomizer(DistlockProperties properties, Environment environment) {
		String configured = properties.instanceId();
		boolean isConfigured = configured != null && !configured.isBlank();
		this.instanceId = isConfigured ? Objects.requireNonNull(configured).trim()
				: environment.getProperty("spring.application.name", "distlock") + "-"
						+ UUID.randomUUID().toString().substring(0, 8);
		this.property = isConfigured ? "distlock.instance-id" : "spring.application.name";
	}

	// For lock providers by name, for semaphore and read-write lock providers by kind: the same id for all.
	@Override
	public void customize(String providerName, LockProvider.Builder builder) {
		try {
			builder.instanceId(this.instanceId);
		}
		catch (IllegalArgumentException ex) {
			throw new DistlockConfigurationException(this.property, LockProviderFactory.shortened(this.instanceId),
					"The instance id is refused: " + ex.getMessage() + ".",
					"Set distlock.instance-id to a short id unique per instance, or leave it unset.");
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
