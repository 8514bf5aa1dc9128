package dev.distlock.test.jdbc;

/**
 * A database that answered, as {@link TestDatabase} found it.
 *
 * @param jdbcUrl the JDBC URL, for example {@code jdbc:postgresql://127.0.0.1:5432/test}
 * @param username the user to connect as
 * @param password the password, empty for none
 * @param origin where it came from, for test logs: {@code "testcontainers"}, an environment variable's name, or
 * {@code "default"}
 * @since 0.1.0
 */
public record TestDatabaseEndpoint(String jdbcUrl, String username, String password, String origin) {

	/**
	 * Checks the values.
	 * @param jdbcUrl the JDBC URL
	 * @param username the user
	 * @param password the password
	 * @param origin where it came from
	 * @throws IllegalArgumentException if the URL, user or origin is {@code null} or blank, or the password
	 * {@code null}
	 */
	public TestDatabaseEndpoint {
		if (jdbcUrl == null || jdbcUrl.isBlank() || username == null || username.isBlank() || origin == null
				|| origin.isBlank()) {
			throw new IllegalArgumentException("jdbcUrl, username and origin must not be null or blank");
		}
		if (password == null) {
			throw new IllegalArgumentException("password must not be null");
		}
	}

	/**
	 * The endpoint without its password, for logs.
	 * @return the URL, user and origin
	 */
	@Override
	public String toString() {
		return "TestDatabaseEndpoint[jdbcUrl=" + this.jdbcUrl + ", username=" + this.username + ", origin="
				+ this.origin + "]";
	}

}
