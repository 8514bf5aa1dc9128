package dev.distlock.spring.boot.autoconfigure;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.ArgumentResolver;

import static org.assertj.core.api.Assertions.assertThat;

/** The analyzers' reports, and their registration. */
class DistlockConfigurationFailureAnalyzerTests {

	@Test
	void reportNamesPropertyValueOriginReasonAndFix() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.addFirst(new MapPropertySource("team settings", Map.of("distlock.default-ttl", "0s")));
		DistlockConfigurationException cause = new DistlockConfigurationException("distlock.default-ttl", "0s",
				"The duration must be positive.", "Set distlock.default-ttl to a positive duration.");
		FailureAnalysis analysis = new DistlockConfigurationFailureAnalyzer(environment)
			.analyze(new BeanCreationException("lockProvider", "failed", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("Property: distlock.default-ttl")
			.contains("Value:    0s")
			.contains("Origin:   \"distlock.default-ttl\" from property source \"team settings\"")
			.contains("Reason:   The duration must be positive.");
		assertThat(analysis.getAction()).isEqualTo("Set distlock.default-ttl to a positive duration.");
		assertThat(analysis.getCause()).isSameAs(cause);
	}

	@Test
	void findsTheOriginOfARelaxedName() {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
					new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
							Map.of("DISTLOCK_BLOCKING_INTERVAL", "0ms")));
		DistlockConfigurationException cause = new DistlockConfigurationException("distlock.blocking.interval", "0ms",
				"problem", "fix");
		assertThat(new DistlockConfigurationFailureAnalyzer(environment).analyze(cause).getDescription())
			.contains("Origin:   \"DISTLOCK_BLOCKING_INTERVAL\" from property source \"systemEnvironment\"");
	}

	@Test
	void reportSaysWhenThePropertyIsNotSet() {
		DistlockConfigurationException cause = new DistlockConfigurationException("distlock.adapter", null,
				"problem", "fix");
		assertThat(new DistlockConfigurationFailureAnalyzer(new StandardEnvironment()).analyze(cause)
			.getDescription()).contains("Value:    (not set)").doesNotContain("Origin:");
	}

	@Test
	void reportsWithoutAnEnvironment() {
		DistlockConfigurationException cause = new DistlockConfigurationException("distlock.adapter", "redis",
				"problem", "fix");
		assertThat(new DistlockConfigurationFailureAnalyzer(null).analyze(cause).getDescription())
			.contains("Property: distlock.adapter")
			.doesNotContain("Origin:");
	}

	@Test
	void otherFailuresAreLeftToOtherAnalyzers() {
		assertThat(new DistlockConfigurationFailureAnalyzer(null).analyze(new IllegalStateException("other")))
			.isNull();
	}

	@Test
	void analyzersAreRegistered() {
		// Only ours need to load here; Boot's own analyzers want constructor arguments this test does not give.
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, ArgumentResolver.of(Environment.class, new StandardEnvironment()),
					(factoryType, implementationName, failure) -> {
					}))
			.hasAtLeastOneElementOfType(DistlockConfigurationFailureAnalyzer.class)
			.hasAtLeastOneElementOfType(InvalidDistributedLockFailureAnalyzer.class);
	}

}
