package dev.distlock;

import java.io.Serializable;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * When a lock's key expires once acquired: after the provider's default TTL, after a TTL of the lock's own, or
 * never (the lock lives until released or force released). One type for what {@link LockSettings}, the
 * {@code distlock.default-ttl} property, {@code @DistributedLock(ttl = …)} and {@link LockHandle} say about expiry.
 *
 * <pre>{@code
 * provider.create("report", LockSettings.defaults().withExpiry(Expiry.after(Duration.ofSeconds(30))));
 * provider.create("document:7", LockSettings.defaults().withExpiry(Expiry.never()));
 * }</pre>
 *
 * <p>{@link Resolved} is what a lock actually has, once the provider's default is applied: a TTL or never. A lock's
 * {@link Lock#getExpiry()} and a handle's {@link LockHandle#expiry()} are always resolved.
 *
 * @since 0.1.0
 */
public sealed interface Expiry extends Serializable permits Expiry.ProviderDefault, Expiry.Resolved {

	/**
	 * The provider's default: what {@link LockSettings#defaults()} has.
	 * @return the provider's default
	 */
	static ProviderDefault providerDefault() {
		return ProviderDefault.INSTANCE;
	}

	/**
	 * A TTL of the lock's own.
	 * @param ttl how long the lock lives once acquired, unless refreshed
	 * @return the expiry
	 * @throws IllegalArgumentException if {@code ttl} is {@code null}, not positive or over 100 years
	 */
	static After after(Duration ttl) {
		return new After(ttl);
	}

	/**
	 * No expiry: the lock lives until released or force released.
	 * @return the expiry
	 */
	static Never never() {
		return Never.INSTANCE;
	}

	/**
	 * The resolved expiry for a TTL that may be absent.
	 * @param ttl the TTL, or {@code null} for no expiry
	 * @return {@link #after(Duration)} of {@code ttl}, or {@link #never()} for {@code null}
	 * @throws IllegalArgumentException if {@code ttl} is not positive or over 100 years
	 */
	static Resolved ofNullable(@Nullable Duration ttl) {
		return (ttl != null) ? after(ttl) : never();
	}

	/**
	 * The provider's default TTL, or its default of no expiry.
	 *
	 * @since 0.1.0
	 */
	record ProviderDefault() implements Expiry {

		private static final ProviderDefault INSTANCE = new ProviderDefault();

		@Override
		public String toString() {
			return "default";
		}

	}

	/**
	 * An expiry a lock actually has: after a TTL, or never.
	 *
	 * @since 0.1.0
	 */
	sealed interface Resolved extends Expiry permits After, Never {

		/**
		 * The TTL, for code that hands it to a backend.
		 * @return the TTL, or {@code null} for {@link Never}
		 */
		@Nullable Duration ttlOrNull();

	}

	/**
	 * Expires a TTL after it was acquired or last refreshed.
	 *
	 * @param ttl the TTL, positive and at most 100 years
	 * @since 0.1.0
	 */
	record After(Duration ttl) implements Resolved {

		/**
		 * Checks the TTL.
		 * @param ttl the TTL
		 * @throws IllegalArgumentException if {@code ttl} is {@code null}, not positive or over 100 years
		 */
		public After {
			Arguments.requireTtl("ttl", ttl);
		}

		@Override
		public Duration ttlOrNull() {
			return this.ttl;
		}

		@Override
		public String toString() {
			return this.ttl.toString();
		}

	}

	/**
	 * Never expires: lives until released or force released.
	 *
	 * @since 0.1.0
	 */
	record Never() implements Resolved {

		private static final Never INSTANCE = new Never();

		@Override
		public @Nullable Duration ttlOrNull() {
			return null;
		}

		@Override
		public String toString() {
			return "never";
		}

	}

}
