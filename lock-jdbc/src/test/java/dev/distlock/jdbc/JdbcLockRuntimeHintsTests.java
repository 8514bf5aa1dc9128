package dev.distlock.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.core.io.support.SpringFactoriesLoader;

/** The native-image hints cover every dialect's schema script, and Spring's AOT finds them. */
class JdbcLockRuntimeHintsTests {

	@Test
	void everyDialectsSchemaScriptIsARegisteredResource() {
		RuntimeHints hints = new RuntimeHints();
		new JdbcLockRuntimeHints().registerHints(hints, getClass().getClassLoader());
		assertThat(JdbcDialect.values()).allSatisfy((dialect) -> {
			String location = dialect.schemaLocation().substring("classpath:".length());
			assertThat(getClass().getClassLoader().getResource(location)).as(location).isNotNull();
			assertThat(RuntimeHintsPredicates.resource().forResource(location)).as(location).accepts(hints);
		});
	}

	@Test
	void isRegisteredForSpringAot() {
		assertThat(SpringFactoriesLoader.forResourceLocation("META-INF/spring/aot.factories")
			.load(RuntimeHintsRegistrar.class)).hasAtLeastOneElementOfType(JdbcLockRuntimeHints.class);
	}

}
