/**
 * A real Redis for tests, without depending on any Redis client: {@link dev.distlock.test.redis.TestRedis} finds one
 * (Testcontainers, {@code DISTLOCK_TEST_REDIS_URL}, or the local default) and
 * {@link dev.distlock.test.redis.RedisServerProcess} runs a private {@code redis-server} that a fault test may kill
 * and restart.
 */
@NullMarked
package dev.distlock.test.redis;

import org.jspecify.annotations.NullMarked;
