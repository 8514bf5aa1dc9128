package dev.distlock.spring.boot.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.jdbc.init.DataSourceScriptDatabaseInitializer;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.boot.sql.init.DatabaseInitializationSettings;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.Resource;

import dev.distlock.jdbc.JdbcDialect;

/**
 * Creates the lock table at startup, the way Spring Boot creates the tables of Spring Session JDBC and Spring Batch:
 * a {@link DataSourceScriptDatabaseInitializer}, so that {@code distlock.jdbc.initialize-schema} means what
 * {@code spring.session.jdbc.initialize-schema} means, and Boot's database-initialization ordering runs it before
 * every bean that depends on database initialization (the JDBC adapter among them), after Flyway and Liquibase.
 *
 * <p>The script is the dialect's, {@link JdbcDialect#schemaLocation()}, with the configured table name put in; every
 * statement in it is {@code IF NOT EXISTS}, so running it against an existing table changes nothing.
 */
final class JdbcLockSchemaInitializer extends DataSourceScriptDatabaseInitializer {

	private final JdbcDialect dialect;

	private final String tableName;

	/**
	 * Creates the initializer.
	 * @param dataSource the application's database
	 * @param dialect its dialect, which chooses the script
	 * @param tableName the lock table, as the adapter's settings accept it
	 * @param mode when the script runs: on an embedded database only, always, or never
	 */
	JdbcLockSchemaInitializer(DataSource dataSource, JdbcDialect dialect, String tableName,
			DatabaseInitializationMode mode) {
		super(dataSource, settings(dialect, mode));
		this.dialect = dialect;
		this.tableName = tableName;
	}

	private static DatabaseInitializationSettings settings(JdbcDialect dialect, DatabaseInitializationMode mode) {
		DatabaseInitializationSettings settings = new DatabaseInitializationSettings();
		// The shipped script's location, so that Boot checks it is there; runScripts puts the table name in.
		settings.setSchemaLocations(List.of(dialect.schemaLocation()));
		settings.setMode(mode);
		settings.setContinueOnError(false);
		settings.setEncoding(StandardCharsets.UTF_8);
		return settings;
	}

	JdbcDialect getDialect() {
		return this.dialect;
	}

	String getTableName() {
		return this.tableName;
	}

	@Override
	protected void runScripts(Scripts scripts) {
		String script = this.dialect.schemaScript(this.tableName);
		Resource resource = new ByteArrayResource(script.getBytes(StandardCharsets.UTF_8),
				this.dialect.schemaLocation() + " for table " + this.tableName);
		super.runScripts(new Scripts(List.of(resource)).continueOnError(scripts.isContinueOnError())
			.separator(scripts.getSeparator())
			.encoding(StandardCharsets.UTF_8));
	}

}
