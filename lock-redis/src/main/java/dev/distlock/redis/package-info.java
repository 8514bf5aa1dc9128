/**
 * The Redis lock backend: {@link dev.distlock.redis.RedisLockAdapter} on Spring Data Redis and Lettuce.
 *
 * <p>A lock is a hash (owner, fencing token, attempt) with the lock's TTL as its expiry. Every operation is one Lua
 * script on the lock's cluster slot, run by SHA, so it is atomic and works on Redis Cluster; fencing tokens come from
 * one counter per slot. With Lettuce every call waits at most the adapter's own command timeout. Releases are
 * announced on a pub/sub channel, which wakes blocked acquires in every process at once.
 *
 * <p>{@link dev.distlock.redis.RedisLockEventBus} carries lock events between the instances of an application, on a
 * pub/sub channel per namespace; by default with each owner's fingerprint rather than the owner, which is the lock's
 * credential.
 */
@NullMarked
package dev.distlock.redis;

import org.jspecify.annotations.NullMarked;
