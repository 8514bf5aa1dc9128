package dev.distlock.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.distlock.spring.InvalidDistributedLockException;

/**
 * Reports an {@link InvalidDistributedLockException}: which annotated method, which attribute, and what is wrong.
 */
class InvalidDistributedLockFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDistributedLockException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidDistributedLockException cause) {
		String description = "Invalid " + cause.getAnnotation() + " annotation:\n\n" + "    Method:    "
				+ cause.getMethod() + '\n'
				+ "    Attribute: " + cause.getAttribute() + '\n' + "    Value:     " + cause.getValue() + "\n\n"
				+ cause.getMessage();
		String action = "Correct the " + cause.getAttribute() + " attribute of " + cause.getAnnotation() + " on "
				+ cause.getMethod() + ". Keys are SpEL expressions such as \"'orders:' + #order.id\"; durations "
				+ "are written like \"30s\", \"500ms\", \"5m\" or \"PT30S\".";
		return new FailureAnalysis(description, action, cause);
	}

}
