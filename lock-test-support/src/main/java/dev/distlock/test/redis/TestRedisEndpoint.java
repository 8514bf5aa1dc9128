package dev.distlock.test.redis;

/**
 * A Redis that answered, as {@link TestRedis} found it.
 *
 * @param url the Redis URL, for example {@code redis://127.0.0.1:6379}; may carry credentials, a database or the
 * {@code rediss} scheme: hand it to the client (Lettuce's {@code RedisURI.create(url)}) rather than only the host and
 * port
 * @param host the host name or address
 * @param port the port
 * @param origin where it came from, for test logs: {@code "testcontainers"}, {@code "DISTLOCK_TEST_REDIS_URL"} or
 * {@code "default"}
 * @since 0.1.0
 */
public record TestRedisEndpoint(String url, String host, int port, String origin) {

	/**
	 * Checks the values.
	 * @param url the Redis URL
	 * @param host the host
	 * @param port the port
	 * @param origin where it came from
	 * @throws IllegalArgumentException if a value is {@code null} or blank, or {@code port} is out of range
	 */
	public TestRedisEndpoint {
		requireText("url", url);
		requireText("host", host);
		requireText("origin", origin);
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port must be between 1 and 65535, was " + port);
		}
	}

	private static void requireText(String name, String value) {
		if (value == null || value.isBlank()) {
			throw new IllegalArgumentException(name + " must not be null or blank");
		}
	}

}
