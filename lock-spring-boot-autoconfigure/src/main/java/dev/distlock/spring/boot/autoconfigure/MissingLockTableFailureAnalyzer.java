package dev.distlock.spring.boot.autoconfigure;

import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import dev.distlock.jdbc.JdbcLockAdapterSettings;
import dev.distlock.jdbc.MissingLockTableException;

/**
 * Reports a {@link MissingLockTableException} at startup: which table is missing, the script that creates it, and
 * {@code distlock.jdbc.initialize-schema}, which creates it at startup.
 */
class MissingLockTableFailureAnalyzer implements FailureAnalyzer {

	// Registered for every application, with lock-jdbc or without: its classes are touched only when present.
	private static final boolean JDBC_PRESENT = ClassUtils.isPresent("dev.distlock.jdbc.MissingLockTableException",
			MissingLockTableFailureAnalyzer.class.getClassLoader());

	private final Environment environment;

	// Spring Boot passes the context's environment, so that the report can say what the property is set to.
	MissingLockTableFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		return JDBC_PRESENT ? Analysis.of(failure, this.environment) : null;
	}

	private static final class Analysis {

		static @Nullable FailureAnalysis of(Throwable failure, Environment environment) {
			for (Throwable cause = failure; cause != null; cause = (cause.getCause() != cause) ? cause.getCause()
					: null) {
				if (cause instanceof MissingLockTableException missing) {
					return analyze(missing, environment);
				}
			}
			return null;
		}

		private static FailureAnalysis analyze(MissingLockTableException cause, Environment environment) {
			String property = DistlockJdbcProperties.INITIALIZE_SCHEMA;
			String mode = environment.getProperty(property);
			String table = cause.getTableName();
			String script = cause.getSchemaLocation();
			String defaultTable = JdbcLockAdapterSettings.DEFAULT_TABLE_NAME;
			String renaming = defaultTable.equals(table) ? ""
					: " (with " + defaultTable + " replaced by " + table + ")";
			String description = "The distlock lock table is missing, or lacks a column distlock needs:\n\n"
					+ "    Table:    " + table + " (" + cause.getDialect().name().toLowerCase(Locale.ROOT) + ")\n"
					+ "    Script:   " + script + renaming + "\n"
					+ "    Property: " + property + " = "
					+ ((mode != null) ? mode : "embedded (the default: only an embedded database gets the table)")
					+ "\n\nThe database answered: " + rootMessage(cause);
			String action = "Create the table before the application starts with the statements of " + script
					+ renaming + ", in a Flyway or Liquibase migration for example, or set " + property
					+ " to always to have the application create it at startup.";
			return new FailureAnalysis(description, action, cause);
		}

		private static String rootMessage(Throwable failure) {
			Throwable root = failure;
			while (root.getCause() != null && root.getCause() != root) {
				root = root.getCause();
			}
			return String.valueOf(root.getMessage());
		}

	}

}
