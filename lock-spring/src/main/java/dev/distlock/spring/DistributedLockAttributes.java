package dev.distlock.spring;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.expression.Expression;

import dev.distlock.BlockingSettings;
import dev.distlock.LockSettings;

/**
 * One method's {@link DistributedLock @DistributedLock}, {@link DistributedSemaphore @DistributedSemaphore} or
 * {@link DistributedReadWriteLock @DistributedReadWriteLock}, checked and parsed once when its bean is created.
 *
 * @param methodName the method's qualified name, for messages and as the key when none is given
 * @param keySource the key expression as written, empty for one lock per method
 * @param key the parsed key expression, {@code null} for one lock per method
 * @param provider the name of the provider to take the lock from, {@code "default"} for the default one
 * @param blocking whether to wait for the lock
 * @param lockSettings the lock's name, expiry and renewal, each unset one falling back to the provider's default
 * @param waitTime the blocking wait time, {@code null} for the provider's default
 * @param interval the blocking retry interval, {@code null} for the provider's default
 * @param skip whether a call that does not get its lock skips the method instead of throwing
 * @param returnKind how the method's work is done, and so when the lock is released
 * @param returnType the method's declared return type
 * @param kind what the call holds: a lock, a semaphore's slot or a read-write lock's half
 */
record DistributedLockAttributes(String methodName, String keySource, @Nullable Expression key, String provider,
		boolean blocking,
		LockSettings lockSettings, @Nullable Duration waitTime, @Nullable Duration interval, boolean skip,
		ReturnKind returnKind, Class<?> returnType, LeaseKind kind) {

	/**
	 * The blocking settings for a call, each unset value taken from {@code defaults}.
	 * @param defaults the provider's defaults
	 * @return the settings, or {@code null} when both come from the defaults
	 */
	@Nullable BlockingSettings blockingSettings(BlockingSettings defaults) {
		if (this.waitTime == null && this.interval == null) {
			return null;
		}
		return new BlockingSettings((this.waitTime != null) ? this.waitTime : defaults.waitTime(),
				(this.interval != null) ? this.interval : defaults.interval());
	}

}
