package dev.distlock.spring.boot.autoconfigure;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import dev.distlock.Expiry;
import dev.distlock.LostLockPolicy;
import dev.distlock.ReleaseErrorPolicy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code distlock.*} configuration properties; those of the JDBC adapter, {@code distlock.jdbc.*}, are
 * {@link DistlockJdbcProperties}.
 *
 * @param adapter Which backend holds the locks: auto (Redis when the application has a RedisConnectionFactory bean,
 * else JDBC when lock-jdbc is on the classpath and it has a DataSource bean, else memory with a warning), memory,
 * redis, jdbc or no-op.
 * @param defaultTtl How long a lock lives unless released or refreshed, when neither the code nor the annotation gives
 * it a TTL: a positive duration of at most 36500 days, or "never" for locks that live until released.
 * @param namespace Prefix that keeps these locks' keys apart from other applications' keys in a shared backend.
 * @param delimiter One character (not a letter, digit, '_' or whitespace) that joins the namespace, key parts and owner parts, as in "lock:_rt:orders:42".
 * @param blocking How blocking acquires wait when the code or annotation sets nothing.
 * @param redis Options of the Redis adapter.
 * @param events How lock events reach the application: as application events, and from every instance.
 * @param metrics Options of lock metrics and traces.
 * @param instanceId Id that marks the lock events of this running instance, unique per instance; unset means
 * spring.application.name (or "distlock") followed by a dash and 8 random hex digits.
 * @param renewal Background renewal of held locks, for locks and annotations that leave it to the default.
 * @param lostLockPolicy What the run methods and @DistributedLock do when the lock was lost while the work ran:
 * throw (a LockLostException that carries the work's result) or notify (only the LockLostEvent and Lock.isLost).
 * @param releaseErrorPolicy What the run methods and @DistributedLock do when the release after successful work fails
 * on the backend: log (a WARN, the work's result returned and the key left to its TTL) or throw.
 * @param heldLocks The view of the locks this instance holds, behind the locks endpoint and the distlock.locks.held
 * meters.
 * @param web How Spring MVC and WebFlux applications answer requests that hit a lock failure.
 * @param providers Lock providers beside the default one, each under a name (letters, digits, '-' and '_'; not
 * "default") with keys of its own: adapter, default-ttl, namespace (the name unless set; each provider needs its own),
 * delimiter, blocking.wait-time, blocking.interval, redis.command-timeout, renewal.enabled, lost-lock-policy and
 * release-error-policy, each unset one taking the built-in default (not the value distlock.* sets); inject one with @Qualifier("name"), or lock
 * with the annotation's provider = "name".
 * @since 0.1.0
 */
@ConfigurationProperties("distlock")
// Settings whose default the core or an adapter defines are nullable here, unset meaning that default, so that each
// default is written once; the metadata states them, and DistlockPropertiesMetadataTests holds the two together.
public record DistlockProperties(@DefaultValue("auto") LockAdapterType adapter, Expiry.@Nullable Resolved defaultTtl,
		@Nullable String namespace, @Nullable String delimiter, @DefaultValue Blocking blocking,
		@DefaultValue Redis redis, @DefaultValue Events events, @DefaultValue Metrics metrics,
		@Nullable String instanceId, @DefaultValue Renewal renewal, @Nullable LostLockPolicy lostLockPolicy,
		@Nullable ReleaseErrorPolicy releaseErrorPolicy, @DefaultValue HeldLocksView heldLocks, @DefaultValue Web web,
		Map<String, Provider> providers) {

	/** The prefix of the properties. */
	static final String PREFIX = "distlock";

	/** The prefix of the named providers' properties. */
	static final String PROVIDERS = PREFIX + ".providers";

	/**
	 * Copies the named providers, none when unset.
	 * @param adapter the default provider's adapter
	 * @param defaultTtl its default TTL, {@code null} for the core's default
	 * @param namespace its namespace, {@code null} for the core's default
	 * @param delimiter its delimiter, {@code null} for the core's default
	 * @param blocking its blocking defaults
	 * @param redis its Redis options
	 * @param events the events' options
	 * @param metrics the metrics' options
	 * @param instanceId the instance id, {@code null} for a generated one
	 * @param renewal its renewal default
	 * @param lostLockPolicy its lost-lock policy, {@code null} for the core's default
	 * @param releaseErrorPolicy its release-error policy, {@code null} for the core's default
	 * @param heldLocks the held-locks view's options
	 * @param web the web options
	 * @param providers the named providers, {@code null} for none
	 */
	public DistlockProperties {
		// In the order configured: the endpoint and health list them so.
		providers = (providers != null) ? Collections.unmodifiableMap(new LinkedHashMap<>(providers)) : Map.of();
	}

	/**
	 * The default provider's settings, as a named provider's are given.
	 * @return the settings
	 */
	Provider defaultProvider() {
		return new Provider(this.adapter, this.defaultTtl, this.namespace, this.delimiter, this.blocking, this.redis,
				this.renewal, this.lostLockPolicy, this.releaseErrorPolicy);
	}

	/**
	 * A lock provider beside the default one; every setting left unset takes the built-in default, not the value
	 * {@code distlock.*} sets, and the namespace is the provider's name.
	 *
	 * @param adapter Which backend holds this provider's locks: auto, memory, redis, jdbc or no-op, as distlock.adapter.
	 * @param defaultTtl How long this provider's locks live unless released or refreshed, when the code or annotation
	 * gives no TTL: a positive duration of at most 36500 days, or "never".
	 * @param namespace Prefix of this provider's keys and events; unset means the provider's name. Every provider needs
	 * a namespace of its own.
	 * @param delimiter One character that joins the namespace, key parts and owner parts.
	 * @param blocking How this provider's blocking acquires wait when the code or annotation sets nothing.
	 * @param redis Options of this provider's Redis adapter.
	 * @param renewal Background renewal of this provider's held locks.
	 * @param lostLockPolicy What the run methods and @DistributedLock do when this provider's lock was lost while the
	 * work ran: throw or notify.
	 * @param releaseErrorPolicy What the run methods and @DistributedLock do when the release after successful work
	 * fails: log or throw.
	 */
	public record Provider(@DefaultValue("auto") LockAdapterType adapter, Expiry.@Nullable Resolved defaultTtl,
			@Nullable String namespace, @Nullable String delimiter, @DefaultValue Blocking blocking,
			@DefaultValue Redis redis, @DefaultValue Renewal renewal, @Nullable LostLockPolicy lostLockPolicy,
			@Nullable ReleaseErrorPolicy releaseErrorPolicy) {

	}

	/** The most {@code distlock.held-locks.max-size} may be: about 260 MB of entries. */
	static final int MAX_HELD_LOCKS = 1_000_000;

	/**
	 * How blocking acquires wait.
	 *
	 * @param waitTime How long a blocking acquire waits for the lock in all before it fails; zero means one attempt.
	 * @param interval How often a blocking acquire retries when the adapter cannot signal releases; at least 1ms.
	 */
	public record Blocking(@Nullable Duration waitTime, @Nullable Duration interval) {
	}

	/**
	 * Options of the Redis adapter.
	 *
	 * @param commandTimeout How long one lock operation waits for Redis before it fails, so that a dead or frozen Redis
	 * costs a lock call about this long; must be positive and at most a day.
	 */
	public record Redis(@Nullable Duration commandTimeout) {
	}

	/**
	 * Background renewal of held locks.
	 *
	 * @param enabled Whether locks that leave renewal to the default (Renewal.DEFAULT) are renewed in the background
	 * while held, so that work outlasting the TTL keeps the key while a dead holder frees it within one TTL.
	 */
	public record Renewal(@Nullable Boolean enabled) {
	}

	/**
	 * How lock events reach the application.
	 *
	 * @param applicationEvents Lock events published as Spring application events.
	 * @param crossInstance Lock events from every instance of the application.
	 */
	public record Events(@DefaultValue ApplicationEvents applicationEvents, @DefaultValue CrossInstance crossInstance) {
	}

	/**
	 * Lock events published as Spring application events.
	 *
	 * @param enabled Whether every lock event is published as a Spring application event, for @EventListener
	 * methods.
	 */
	public record ApplicationEvents(@DefaultValue("true") boolean enabled) {
	}

	/**
	 * Lock events from every instance of the application.
	 *
	 * @param enabled Whether lock events are also published on a Redis channel of the namespace and delivered to the
	 * listeners of every instance, each marked with the instance it came from; needs Redis.
	 * @param includeOwners Whether the events sent to other instances carry the locks' owners, so that a received
	 * event's lock may release and refresh what this instance acquired; owners are credentials, readable by every
	 * client that can subscribe to the channel. False sends each owner's fingerprint instead, and a received event's
	 * lock can only read the key.
	 */
	public record CrossInstance(@DefaultValue("false") boolean enabled, @DefaultValue("false") boolean includeOwners) {
	}

	/**
	 * The view of the locks this instance holds.
	 *
	 * @param maxSize How many locks the view tracks at most, so that its memory is bounded; acquires beyond are not
	 * listed and count in distlock.locks.held.overflow. Between 1 and 1000000.
	 */
	public record HeldLocksView(@DefaultValue("10000") int maxSize) {
	}

	/**
	 * How Spring MVC and WebFlux applications answer requests that hit a lock failure.
	 *
	 * @param problemDetails Problem detail answers to lock failures.
	 */
	public record Web(@DefaultValue ProblemDetails problemDetails) {
	}

	/**
	 * Problem detail answers to lock failures.
	 *
	 * @param enabled Whether a request whose handler finds its lock held elsewhere (KeyAlreadyAcquiredException, also
	 * after a blocking wait ran out) is answered 409 Conflict and one whose lock backend failed (LockBackendException)
	 * 503 Service Unavailable, each with a problem detail, instead of a 500.
	 * @param includeKey Whether those problem details name the lock's key (the lockKey property); keys may hold user
	 * data, so only if the application's clients may see them.
	 */
	public record ProblemDetails(@DefaultValue("true") boolean enabled, @DefaultValue("false") boolean includeKey) {
	}

	/**
	 * Options of lock metrics and traces.
	 *
	 * @param keyTag Whether metrics and traces are tagged with the lock's key; keys are unbounded, so every key
	 * makes new time series.
	 */
	public record Metrics(@DefaultValue("false") boolean keyTag) {
	}

}
