package dev.distlock.spring.boot.autoconfigure;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.distlock.spring.InvalidDistributedLockException;

import static org.assertj.core.api.Assertions.assertThat;

/** The report of a bad {@code @DistributedLock}. */
class InvalidDistributedLockFailureAnalyzerTests {

	@Test
	void reportNamesMethodAttributeAndValue() {
		InvalidDistributedLockException cause = new InvalidDistributedLockException("com.example.Orders.ship", "key",
				"#order.(", "not a valid SpEL expression");
		FailureAnalysis analysis = new InvalidDistributedLockFailureAnalyzer()
			.analyze(new BeanCreationException("orders", "failed", cause));
		assertThat(analysis.getDescription()).contains("Method:    com.example.Orders.ship")
			.contains("Attribute: key")
			.contains("Value:     #order.(")
			.contains("not a valid SpEL expression");
		assertThat(analysis.getAction()).contains("key attribute").contains("com.example.Orders.ship");
	}

	@Test
	void reportNamesTheAnnotationAtFault() {
		InvalidDistributedLockException cause = new InvalidDistributedLockException("@DistributedSemaphore",
				"com.example.Partner.quote", "limit", "0", "must be between 1 and 1000000");
		FailureAnalysis analysis = new InvalidDistributedLockFailureAnalyzer()
			.analyze(new BeanCreationException("partner", "failed", cause));
		assertThat(analysis.getDescription()).startsWith("Invalid @DistributedSemaphore annotation:")
			.contains("Attribute: limit")
			.contains("must be between 1 and 1000000");
		assertThat(analysis.getAction()).contains("limit attribute of @DistributedSemaphore on com.example.Partner.quote");
	}

	@Test
	void otherFailuresAreLeftToOtherAnalyzers() {
		assertThat(new InvalidDistributedLockFailureAnalyzer().analyze(new IllegalStateException("other"))).isNull();
	}

}
