package dev.distlock.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a {@link DistlockConfigurationException}: which property is wrong, its value, and how to fix it.
 */
class DistlockConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<DistlockConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DistlockConfigurationException cause) {
		StringBuilder description = new StringBuilder("Invalid distlock configuration:\n\n");
		description.append("    Property: ").append(cause.getProperty()).append('\n');
		description.append("    Value:    ").append((cause.getValue() != null) ? cause.getValue() : "(not set)")
			.append('\n');
		description.append("    Reason:   ").append(cause.getMessage());
		return new FailureAnalysis(description.toString(), cause.getAction(), cause);
	}

}
