/**
 * The Redis lock backend: {@link dev.distlock.redis.RedisLockAdapter} on Spring Data Redis and Lettuce.
 *
 * <p>Every operation is one Lua script on one key, run by SHA, so it is atomic and works on Redis Cluster. Releases
 * are announced on a pub/sub channel, which wakes blocked acquires in every process at once.
 *
 * <p>{@link dev.distlock.redis.RedisLockEventBus} carries lock events between the instances of an application, on a
 * pub/sub channel per namespace.
 */
@NullMarked
package dev.distlock.redis;

import org.jspecify.annotations.NullMarked;
