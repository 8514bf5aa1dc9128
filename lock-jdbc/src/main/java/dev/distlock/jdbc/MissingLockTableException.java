package dev.distlock.jdbc;

/**
 * The lock table does not exist (or lacks a column the adapter needs): thrown when the adapter checks its schema,
 * so that a missing table is a startup failure rather than an SQL error at the first lock.
 *
 * @since 0.1.0
 */
public final class MissingLockTableException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	private final String tableName;

	private final JdbcDialect dialect;

	/**
	 * Creates the exception.
	 * @param tableName the table the adapter looked for
	 * @param dialect the database's dialect
	 * @param cause the database's answer
	 */
	public MissingLockTableException(String tableName, JdbcDialect dialect, Throwable cause) {
		super("The lock table '" + tableName + "' cannot be used: create it with " + dialect.schemaLocation()
				+ " (with the table name put in), or let the application create it at startup", cause);
		this.tableName = tableName;
		this.dialect = dialect;
	}

	/**
	 * The table the adapter looked for.
	 * @return the table name
	 */
	public String getTableName() {
		return this.tableName;
	}

	/**
	 * The database's dialect.
	 * @return the dialect
	 */
	public JdbcDialect getDialect() {
		return this.dialect;
	}

	/**
	 * Where the script that creates the table lies.
	 * @return the dialect's {@link JdbcDialect#schemaLocation()}
	 */
	public String getSchemaLocation() {
		return this.dialect.schemaLocation();
	}

}
