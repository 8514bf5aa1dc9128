package dev.distlock.test.redis;

/** No Redis answered where {@link TestRedis} looked; the message says how to start one. */
final class MissingRedisException extends RuntimeException {

	private static final long serialVersionUID = 1L;

	MissingRedisException(String message) {
		super(message);
	}

}
