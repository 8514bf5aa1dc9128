package dev.distlock.test.jdbc;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The databases that adapter tests run against, each found once per JVM, in this order:
 * <ol>
 * <li>a container started with Testcontainers, where Docker is available;</li>
 * <li>otherwise the URL in the database's environment variable ({@code DISTLOCK_TEST_POSTGRES_URL},
 * {@code DISTLOCK_TEST_MARIADB_URL}, with {@code _USER} and {@code _PASSWORD} beside it);</li>
 * <li>otherwise the local default: PostgreSQL at {@code jdbc:postgresql://127.0.0.1:5432/test} as {@code postgres},
 * MariaDB at {@code jdbc:mariadb://127.0.0.1:3306/test} as {@code root}, both without a password.</li>
 * </ol>
 * If nothing accepts a connection there, tests never pass by doing nothing: with {@code CI=true} {@link #endpoint()}
 * fails with an {@link AssertionError} that says how to start the database; elsewhere it aborts the test as a JUnit
 * assumption, reported as skipped with the same message. Tests share these databases with other test runs: use
 * tables and keys of their own, and never drop what they did not create.
 *
 * @since 0.1.0
 */
public enum TestDatabase {

	/** PostgreSQL. */
	POSTGRESQL("POSTGRES", "jdbc:postgresql://127.0.0.1:5432/test", "postgres", "postgres:16", 5432,
			"Debian: 'apt-get install postgresql' then 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) "
					+ "main start', with trust authentication for 127.0.0.1 and a database 'test'"),

	/** MariaDB (MySQL speaks the same). */
	MARIADB("MARIADB", "jdbc:mariadb://127.0.0.1:3306/test", "root", "mariadb:11", 3306,
			"Debian: 'apt-get install mariadb-server' then 'start-stop-daemon --start --oknodo --background --exec "
					+ "/usr/sbin/mariadbd', with a database 'test' that root may use without a password");

	private static final Logger logger = LoggerFactory.getLogger(TestDatabase.class);

	private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

	private static final Map<TestDatabase, Object> found = new ConcurrentHashMap<>();

	private final String variablePrefix;

	private final String defaultUrl;

	private final String defaultUser;

	private final String image;

	private final int port;

	private final String howToStart;

	TestDatabase(String name, String defaultUrl, String defaultUser, String image, int port, String howToStart) {
		this.variablePrefix = "DISTLOCK_TEST_" + name;
		this.defaultUrl = defaultUrl;
		this.defaultUser = defaultUser;
		this.image = image;
		this.port = port;
		this.howToStart = howToStart;
	}

	/**
	 * The environment variable that points tests at a database of your choosing.
	 * @return for example {@code DISTLOCK_TEST_POSTGRES_URL}
	 */
	public String urlVariable() {
		return this.variablePrefix + "_URL";
	}

	/**
	 * This database for tests, found (and for Testcontainers, started) on the first call and reused by every later
	 * one in the same JVM.
	 * @return the database, which accepted a connection
	 * @throws AssertionError with {@code CI=true} when nothing accepts one, naming how to start the database
	 * @throws org.opentest4j.TestAbortedException without {@code CI=true} when nothing accepts one
	 */
	public TestDatabaseEndpoint endpoint() {
		Object result = found.computeIfAbsent(this, (database) -> {
			try {
				return find(System::getenv);
			}
			catch (IllegalStateException ex) {
				return ex.getMessage();
			}
		});
		if (result instanceof TestDatabaseEndpoint endpoint) {
			return endpoint;
		}
		String message = String.valueOf(result);
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			throw new AssertionError(message);
		}
		return Assumptions.abort(message);
	}

	TestDatabaseEndpoint find(Function<String, @Nullable String> environment) {
		TestDatabaseEndpoint started = startContainer();
		if (started != null) {
			return started;
		}
		String variable = environment.apply(urlVariable());
		boolean fromVariable = variable != null && !variable.isBlank();
		String url = fromVariable ? variable.trim() : this.defaultUrl;
		String user = orDefault(environment.apply(this.variablePrefix + "_USER"), this.defaultUser);
		String password = orDefault(environment.apply(this.variablePrefix + "_PASSWORD"), "");
		TestDatabaseEndpoint candidate = new TestDatabaseEndpoint(url, user, password,
				fromVariable ? urlVariable() : "default");
		if (accepts(url)) {
			logger.info("Tests use {}", candidate);
			return candidate;
		}
		throw new IllegalStateException("No " + name() + " for the tests: Docker is not available to Testcontainers, "
				+ "and nothing accepts a connection at " + url + " (" + (fromVariable ? "from " + urlVariable()
						: "the default") + "). Start one locally (" + this.howToStart + "), or set " + urlVariable()
				+ " (and " + this.variablePrefix + "_USER, " + this.variablePrefix + "_PASSWORD) to a database the "
				+ "tests may use.");
	}

	private static String orDefault(@Nullable String value, String fallback) {
		return (value != null && !value.isBlank()) ? value.trim() : fallback;
	}

	// A TCP connect is enough to tell "not running" from "running": the driver reports anything else itself.
	static boolean accepts(String jdbcUrl) {
		URI uri;
		try {
			uri = URI.create(jdbcUrl.substring("jdbc:".length()));
		}
		catch (IllegalArgumentException | IndexOutOfBoundsException ex) {
			return false;
		}
		if (uri.getHost() == null) {
			return false;
		}
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), (int) CONNECT_TIMEOUT.toMillis());
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private @Nullable TestDatabaseEndpoint startContainer() {
		try {
			if (!DockerClientFactory.instance().isDockerAvailable()) {
				return null;
			}
			GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(this.image))
				.withExposedPorts(this.port);
			if (this == POSTGRESQL) {
				container.withEnv("POSTGRES_HOST_AUTH_METHOD", "trust")
					.withEnv("POSTGRES_DB", "test")
					.waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\n", 2));
			}
			else {
				container.withEnv("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1")
					.withEnv("MARIADB_DATABASE", "test")
					.waitingFor(Wait.forLogMessage(".*ready for connections.*\\n", 2));
			}
			// Never stopped here: Testcontainers removes it when the JVM ends, and every test class reuses it.
			container.start();
			String scheme = (this == POSTGRESQL) ? "postgresql" : "mariadb";
			String url = "jdbc:" + scheme + "://" + container.getHost() + ":" + container.getMappedPort(this.port)
					+ "/test";
			logger.info("Tests use a {} container at {}", this.image, url);
			return new TestDatabaseEndpoint(url, this.defaultUser, "", "testcontainers");
		}
		catch (RuntimeException | LinkageError ex) {
			logger.info("Testcontainers cannot start {}: {}", this.image, ex.toString());
			return null;
		}
	}

}
