package dev.distlock.spring.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** The analyzers' reports, and their registration. */
class DistlockConfigurationFailureAnalyzerTests {

	@Test
	void reportNamesPropertyValueReasonAndFix() {
		DistlockConfigurationException cause = new DistlockConfigurationException("distlock.default-ttl", "PT0S",
				"The duration must be positive.", "Set distlock.default-ttl to a positive duration.");
		FailureAnalysis analysis = new DistlockConfigurationFailureAnalyzer()
			.analyze(new BeanCreationException("lockProvider", "failed", cause));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("Property: distlock.default-ttl")
			.contains("Value:    PT0S")
			.contains("Reason:   The duration must be positive.");
		assertThat(analysis.getAction()).isEqualTo("Set distlock.default-ttl to a positive duration.");
		assertThat(analysis.getCause()).isSameAs(cause);
	}

	@Test
	void reportSaysWhenThePropertyIsNotSet() {
		DistlockConfigurationException cause = new DistlockConfigurationException("distlock.adapter", null,
				"problem", "fix");
		assertThat(new DistlockConfigurationFailureAnalyzer().analyze(cause).getDescription())
			.contains("Value:    (not set)");
	}

	@Test
	void otherFailuresAreLeftToOtherAnalyzers() {
		assertThat(new DistlockConfigurationFailureAnalyzer().analyze(new IllegalStateException("other"))).isNull();
	}

	@Test
	void analyzersAreRegistered() {
		// Only ours need to load here; Boot's own analyzers want constructor arguments this test does not give.
		assertThat(SpringFactoriesLoader.forDefaultResourceLocation()
			.load(FailureAnalyzer.class, null, (factoryType, implementationName, failure) -> {
			}))
			.hasAtLeastOneElementOfType(DistlockConfigurationFailureAnalyzer.class)
			.hasAtLeastOneElementOfType(InvalidDistributedLockFailureAnalyzer.class);
	}

}
