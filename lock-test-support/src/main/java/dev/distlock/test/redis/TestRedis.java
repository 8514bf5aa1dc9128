package dev.distlock.test.redis;

import java.net.URI;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Finds the Redis that tests run against, once per JVM, in this order:
 * <ol>
 * <li>a {@value #IMAGE} container started with Testcontainers, where Docker is available;</li>
 * <li>otherwise the URL in the environment variable {@value #URL_VARIABLE}, for example
 * {@code redis://redis.test:6380};</li>
 * <li>otherwise {@value #DEFAULT_URL}.</li>
 * </ol>
 * If the Redis so chosen does not answer a {@code PING}, tests must not pass by doing nothing: with {@code CI=true}
 * in the environment, {@link #endpoint()} fails with an {@link AssertionError} that says how to start one; elsewhere
 * it aborts the calling test as a JUnit assumption, so it is reported as skipped with the same message.
 *
 * <p>Usage, from a test class of any module (it needs no Redis client, so pick your own):
 * <pre>{@code
 * private static TestRedisEndpoint redis;
 *
 * @BeforeAll
 * static void findRedis() {
 *     redis = TestRedis.endpoint();
 * }
 *
 * // Lettuce:      RedisURI.create(redis.url())
 * // Spring Boot:  spring.data.redis.url = redis.url()   (e.g. from a @DynamicPropertySource)
 * }</pre>
 * Tests share this Redis with other test runs: use random keys, clean up after themselves, and never flush it.
 * @since 0.1.0
 */
public final class TestRedis {

	/** The environment variable that points tests at a Redis of your choosing: {@value}. */
	public static final String URL_VARIABLE = "DISTLOCK_TEST_REDIS_URL";

	/** The Redis tried when Docker is missing and {@value #URL_VARIABLE} is not set: {@value}. */
	public static final String DEFAULT_URL = "redis://127.0.0.1:6379";

	/** The image Testcontainers runs: {@value}. */
	public static final String IMAGE = "redis:7";

	private static final Logger logger = LoggerFactory.getLogger(TestRedis.class);

	private static final int REDIS_PORT = 6379;

	private static final Duration PING_TIMEOUT = Duration.ofSeconds(2);

	private static @Nullable TestRedisEndpoint found;

	private static @Nullable String missing;

	private TestRedis() {
	}

	/**
	 * The tests' Redis, found (and for Testcontainers, started) on the first call and reused by every later one in
	 * the same JVM.
	 * @return the Redis, which answered a {@code PING}
	 * @throws AssertionError with {@code CI=true} when no Redis answers, naming how to start one
	 * @throws org.opentest4j.TestAbortedException without {@code CI=true} when no Redis answers
	 */
	public static synchronized TestRedisEndpoint endpoint() {
		if (found == null && missing == null) {
			try {
				found = find(System::getenv, TestRedis::startContainer);
			}
			catch (MissingRedisException ex) {
				missing = ex.getMessage();
			}
		}
		if (found != null) {
			return found;
		}
		return noRedis((missing != null) ? missing : "No Redis", isCi());
	}

	/**
	 * Tells whether this is a CI run ({@code CI=true} in the environment), where a test that cannot run must fail.
	 * @return whether {@code CI} is {@code true}
	 */
	public static boolean isCi() {
		return "true".equalsIgnoreCase(System.getenv("CI"));
	}

	// Fails on CI, skips elsewhere: a missing Redis is never a silent pass.
	static TestRedisEndpoint noRedis(String message, boolean ci) {
		if (ci) {
			throw new AssertionError(message);
		}
		return Assumptions.abort(message);
	}

	static TestRedisEndpoint find(Function<String, @Nullable String> environment,
			Supplier<@Nullable TestRedisEndpoint> container) {
		TestRedisEndpoint started = container.get();
		if (started != null) {
			return started;
		}
		String variable = environment.apply(URL_VARIABLE);
		boolean fromVariable = variable != null && !variable.isBlank();
		TestRedisEndpoint candidate = parse(fromVariable ? variable.trim() : DEFAULT_URL,
				fromVariable ? URL_VARIABLE : "default");
		if (RedisPing.answers(candidate.host(), candidate.port(), PING_TIMEOUT)) {
			logger.info("Tests use the Redis at {} ({})", candidate.url(), candidate.origin());
			return candidate;
		}
		throw new MissingRedisException("No Redis for the tests: Docker is not available to Testcontainers, and "
				+ "nothing answers PING at " + candidate.url() + " ("
				+ (fromVariable ? "from " + URL_VARIABLE : "the default") + "). Start one locally (Debian: "
				+ "'apt-get install redis-server' then 'redis-server --daemonize yes'; or 'docker run -d -p 6379:6379 "
				+ IMAGE + "'), or set " + URL_VARIABLE + " to the URL of a Redis the tests may use, for example "
				+ "redis://host:6379.");
	}

	private static @Nullable TestRedisEndpoint startContainer() {
		try {
			if (!DockerClientFactory.instance().isDockerAvailable()) {
				logger.info("Docker is not available to Testcontainers; looking for a Redis at {} or {}", URL_VARIABLE,
						DEFAULT_URL);
				return null;
			}
			GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
				.withExposedPorts(REDIS_PORT);
			// Never stopped here: Testcontainers removes it when the JVM ends, and every test class reuses it.
			container.start();
			String host = container.getHost();
			int port = container.getMappedPort(REDIS_PORT);
			logger.info("Tests use a {} container at {}:{}", IMAGE, host, port);
			return new TestRedisEndpoint("redis://" + host + ":" + port, host, port, "testcontainers");
		}
		catch (RuntimeException | LinkageError ex) {
			logger.info("Testcontainers cannot start {}: {}", IMAGE, ex.toString());
			return null;
		}
	}

	static TestRedisEndpoint parse(String url, String origin) {
		URI uri;
		try {
			uri = URI.create(url);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(origin + " is not a Redis URL: " + url, ex);
		}
		if (uri.getHost() == null || !("redis".equals(uri.getScheme()) || "rediss".equals(uri.getScheme()))) {
			throw new IllegalArgumentException(origin + " must look like redis://host:port, was " + url);
		}
		return new TestRedisEndpoint(url, uri.getHost(), (uri.getPort() != -1) ? uri.getPort() : REDIS_PORT, origin);
	}

}
