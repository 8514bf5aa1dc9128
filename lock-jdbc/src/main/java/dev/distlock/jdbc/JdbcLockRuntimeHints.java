package dev.distlock.jdbc;

import org.jspecify.annotations.Nullable;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;

/**
 * What a GraalVM native image of an application with the JDBC adapter needs: the schema scripts of every dialect
 * ({@link JdbcDialect#schemaLocation()}), read as class path resources when the starter creates the lock table at
 * startup. A pattern, so a dialect added later is covered too. Registered in {@code META-INF/spring/aot.factories}.
 */
final class JdbcLockRuntimeHints implements RuntimeHintsRegistrar {

	/** Every dialect's schema script, as resource hints match them. */
	static final String SCHEMA_SCRIPTS = "dev/distlock/jdbc/schema-*.sql";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		hints.resources().registerPattern(SCHEMA_SCRIPTS);
	}

}
