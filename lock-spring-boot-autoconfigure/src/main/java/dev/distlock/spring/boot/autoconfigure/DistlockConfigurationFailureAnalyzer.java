package dev.distlock.spring.boot.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * Reports a {@link DistlockConfigurationException}: which property is wrong, its value, where it was set (its
 * {@link Origin}, as Spring Boot's own binding reports give it: a file and line, an environment variable, a
 * command-line argument) and how to fix it.
 */
class DistlockConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<DistlockConfigurationException> {

	private final @Nullable Environment environment;

	/**
	 * Creates the analyzer; Spring Boot passes the failed application's environment, {@code null} if there was none.
	 * @param environment the environment the properties came from, or {@code null}
	 */
	DistlockConfigurationFailureAnalyzer(@Nullable Environment environment) {
		this.environment = environment;
	}

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DistlockConfigurationException cause) {
		StringBuilder description = new StringBuilder("Invalid distlock configuration:\n\n");
		description.append("    Property: ").append(cause.getProperty()).append('\n');
		description.append("    Value:    ").append((cause.getValue() != null) ? cause.getValue() : "(not set)")
			.append('\n');
		Origin origin = (cause.getValue() != null) ? origin(cause.getProperty()) : null;
		if (origin != null) {
			description.append("    Origin:   ").append(origin).append('\n');
		}
		description.append("    Reason:   ").append(cause.getMessage());
		return new FailureAnalysis(description.toString(), cause.getAction(), cause);
	}

	// Where the value that won came from: the first property source that has it, as the binder sees them.
	private @Nullable Origin origin(String property) {
		if (!(this.environment instanceof ConfigurableEnvironment) || !ConfigurationPropertyName.isValid(property)) {
			return null;
		}
		ConfigurationPropertyName name = ConfigurationPropertyName.of(property);
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty configured = source.getConfigurationProperty(name);
			if (configured != null) {
				return configured.getOrigin();
			}
		}
		return null;
	}

}
