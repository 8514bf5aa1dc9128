package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code distlock.*} configuration properties.
 *
 * @param adapter Which backend holds the locks: auto (Redis when the application has a RedisConnectionFactory bean,
 * memory otherwise), memory, redis or no-op.
 * @param defaultTtl How long a lock lives unless released or refreshed, when neither the code nor the annotation gives
 * it a TTL; must be positive.
 * @param noExpiry Whether locks given no TTL never expire and live until released, instead of living for default-ttl.
 * @param namespace Prefix that keeps these locks' keys apart from other applications' keys in a shared backend.
 * @param delimiter Text that joins the namespace, key parts and owner parts, as in "lock:orders:42".
 * @param blocking How blocking acquires wait when the code or annotation sets nothing.
 * @param redis Options of the Redis adapter.
 * @param aopOrder Order of the @DistributedLock advisor among a bean's other advisors; the default wraps
 * transactions, so the lock is taken before a transaction begins and released after it ends.
 * @param instanceId Id that marks the lock events of this running instance, unique per instance; unset means
 * spring.application.name (or "distlock") followed by a dash and 8 random hex digits.
 * @param events Where lock events are delivered.
 */
@ConfigurationProperties("distlock")
public record DistlockProperties(@DefaultValue("auto") LockAdapterType adapter,
		@DefaultValue("5m") Duration defaultTtl, @DefaultValue("false") boolean noExpiry,
		@DefaultValue("lock") String namespace, @DefaultValue(":") String delimiter, @DefaultValue Blocking blocking,
		@DefaultValue Redis redis, @DefaultValue("2147483547") int aopOrder, @Nullable String instanceId,
		@DefaultValue Events events) {

	/**
	 * How blocking acquires wait.
	 *
	 * @param waitTime How long a blocking acquire waits for the lock in all before it fails; zero means one attempt.
	 * @param interval How often a blocking acquire retries when the adapter cannot signal releases; must be positive.
	 */
	public record Blocking(@DefaultValue("1m") Duration waitTime, @DefaultValue("1s") Duration interval) {
	}

	/**
	 * Options of the Redis adapter.
	 *
	 * @param releaseChannel Pub/sub channel on which releases are announced so that blocked acquires wake at once;
	 * unset means "distlock:released:" followed by the namespace.
	 */
	public record Redis(@Nullable String releaseChannel) {
	}

	/**
	 * Where lock events are delivered.
	 *
	 * @param crossInstance Lock events from every instance of the application.
	 */
	public record Events(@DefaultValue CrossInstance crossInstance) {
	}

	/**
	 * Lock events from every instance of the application.
	 *
	 * @param enabled Whether lock events are also published on a Redis channel of the namespace and delivered to the
	 * listeners of every instance, each marked with the instance it came from; needs Redis.
	 */
	public record CrossInstance(@DefaultValue("false") boolean enabled) {
	}

}
