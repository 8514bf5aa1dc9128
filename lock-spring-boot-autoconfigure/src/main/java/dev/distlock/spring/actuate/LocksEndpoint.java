package dev.distlock.spring.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;
import dev.distlock.LockProviders;
import dev.distlock.LockState;
import dev.distlock.OwnerFingerprint;
import dev.distlock.RemainingTime;
import dev.distlock.spring.observation.HeldLock;
import dev.distlock.spring.observation.HeldLocks;

/**
 * The {@code locks} endpoint: the locks this instance holds, the state of any key in the backend, and force release.
 *
 * <p><b>Read-only unless opted in.</b> Its default access is {@link Access#READ_ONLY}: the reads are there once the
 * endpoint is exposed, force release ({@code DELETE /actuator/locks/{key}}) only with
 * {@code management.endpoint.locks.access=unrestricted} (or {@code management.endpoints.access.default=unrestricted}).
 * Force release breaks mutual exclusion for whoever holds the key, on every instance that shares the backend: grant
 * it to operators only, as any write operation of Actuator.
 *
 * <p><b>No owners.</b> An owner is a lock's credential: whoever knows it can
 * {@linkplain LockProvider#restore(LockHandle) restore} the lock and release it. Reads show its
 * {@link OwnerFingerprint} ({@code ownerFingerprint}), which tells holders apart and releases nothing.
 *
 * <p><b>Bad keys.</b> A key the provider refuses (blank, malformed, too long) is an
 * {@link InvalidEndpointRequestException}: over HTTP a 400 with a problem detail ({@link LocksEndpointWebExtension}),
 * never a 500.
 *
 * @since 0.1.0
 */
@Endpoint(id = "locks", defaultAccess = Access.READ_ONLY)
public final class LocksEndpoint {

	private final LockProvider provider;

	private final HeldLocks heldLocks;

	private final @Nullable LockProviders providers;

	/**
	 * Creates the endpoint for one provider.
	 * @param provider the provider whose namespace and backend it reads
	 * @param heldLocks the locks this instance holds
	 */
	public LocksEndpoint(LockProvider provider, HeldLocks heldLocks) {
		this(provider, heldLocks, null);
	}

	/**
	 * Creates the endpoint, listing every provider.
	 * @param provider the default provider, whose namespace and backend it reads
	 * @param heldLocks the locks this instance holds through it
	 * @param providers every provider by name, listed by {@link #locks()}, or {@code null} for the default only
	 */
	public LocksEndpoint(LockProvider provider, HeldLocks heldLocks, @Nullable LockProviders providers) {
		this.provider = provider;
		this.heldLocks = heldLocks;
		this.providers = providers;
	}

	/**
	 * Lists the locks this instance holds now, as far as it knows and its backend confirms (see {@link HeldLocks}).
	 * @return the held locks
	 */
	@ReadOperation
	public HeldLocksDescriptor locks() {
		List<HeldLock> held = this.heldLocks.list();
		Instant now = this.heldLocks.getClock().instant();
		List<HeldLockDescriptor> locks = held.stream().map((lock) -> HeldLockDescriptor.of(lock, now)).toList();
		return new HeldLocksDescriptor(this.provider.getNamespace().root(), this.provider.getInstanceId(), locks,
				this.heldLocks.getMaxSize(), this.heldLocks.overflowCount(), providers());
	}

	private List<ProviderDescriptor> providers() {
		if (this.providers == null) {
			return List.of(new ProviderDescriptor(LockProviders.DEFAULT_NAME, this.provider.getNamespace().root()));
		}
		return this.providers.asMap()
			.entrySet()
			.stream()
			.map((entry) -> new ProviderDescriptor(entry.getKey(), entry.getValue().getNamespace().root()))
			.toList();
	}

	/**
	 * Reads the state of a key in the backend, whoever holds it, without acquiring it.
	 * @param key the key, without the namespace
	 * @return the key's state
	 * @throws InvalidEndpointRequestException if the provider refuses the key
	 */
	@ReadOperation
	public LockStateDescriptor lock(@Selector String key) {
		String namespace = this.provider.getNamespace().root();
		// A fresh owner sees any holder as "unavailable"; reading again as that owner gives its remaining time.
		LockState state = lockOn(key).getState();
		if (!(state instanceof LockState.Unavailable unavailable)) {
			return new LockStateDescriptor(namespace, key, "expired", null, null);
		}
		// Read twice, the key may have changed hands in between: then the remaining time is unknown. So it is for
		// an owner the API would not accept (written by other tooling): the read stays a read, never a 500.
		Duration remaining = null;
		try {
			LockState asHolder = this.provider
				.restore(new LockHandle(namespace, key, unavailable.owner(), Expiry.never()))
				.getState();
			remaining = (asHolder instanceof LockState.Acquired acquired
					&& acquired.remainingTime() instanceof RemainingTime.ExpiresIn expiresIn) ? expiresIn.remaining()
							: null;
		}
		catch (IllegalArgumentException ex) {
			remaining = null;
		}
		return new LockStateDescriptor(namespace, key, "acquired", OwnerFingerprint.of(unavailable.owner()),
				remaining);
	}

	/**
	 * Force releases a key, whoever holds it. Needs {@code management.endpoint.locks.access=unrestricted}.
	 * @param key the key, without the namespace
	 * @return whether a lock existed and was released
	 * @throws InvalidEndpointRequestException if the provider refuses the key
	 */
	@DeleteOperation
	public ForceReleaseDescriptor forceRelease(@Selector String key) {
		return new ForceReleaseDescriptor(this.provider.getNamespace().root(), key, lockOn(key).forceRelease());
	}

	// The provider checks the key (blank, malformed, too long) before anything reaches the backend.
	private Lock lockOn(String key) {
		try {
			return this.provider.create(key);
		}
		catch (IllegalArgumentException ex) {
			// The provider's message quotes at most a short prefix of the key, and names no owner.
			throw new InvalidEndpointRequestException("Invalid lock key: " + ex.getMessage(),
					"Invalid lock key: " + ex.getMessage());
		}
	}

	/**
	 * The locks this instance holds.
	 *
	 * @param namespace the provider's namespace
	 * @param instanceId this instance's id, as in lock events' {@code origin}
	 * @param locks the held locks, by key
	 * @param maxSize how many locks this instance tracks at most ({@code distlock.held-locks.max-size})
	 * @param overflow how many acquires were not tracked because {@code maxSize} locks were: when it is not zero,
	 * {@code locks} may miss some
	 * @param providers every lock provider of the application by name, the default one first, with its namespace
	 * (the held locks and key reads are the default provider's)
	 */
	public record HeldLocksDescriptor(String namespace, String instanceId, List<HeldLockDescriptor> locks, int maxSize,
			long overflow, List<ProviderDescriptor> providers) implements OperationResponseBody {
	}

	/**
	 * A lock provider of the application.
	 *
	 * @param name its name, {@code "default"} for the one of {@code distlock.*}
	 * @param namespace its namespace
	 */
	public record ProviderDescriptor(String name, String namespace) {
	}

	/**
	 * A lock this instance holds.
	 *
	 * @param key the key, without the namespace
	 * @param ownerFingerprint the {@link OwnerFingerprint} of the owner that holds it, never the owner
	 * @param name the lock's name, or {@code null}
	 * @param acquiredAt when it was acquired
	 * @param remainingTtl how long it still lives, estimated by this instance's clock; {@code null} if it never
	 * expires
	 */
	public record HeldLockDescriptor(String key, String ownerFingerprint, @Nullable String name, Instant acquiredAt,
			@Nullable Duration remainingTtl) {

		static HeldLockDescriptor of(HeldLock held, Instant now) {
			return new HeldLockDescriptor(held.key(), held.ownerFingerprint(), held.name(), held.acquiredAt(),
					held.remainingTime(now).orElse(null));
		}

	}

	/**
	 * The state of a key in the backend.
	 *
	 * @param namespace the provider's namespace
	 * @param key the key, without the namespace
	 * @param state {@code expired} (free) or {@code acquired} (held)
	 * @param ownerFingerprint the {@link OwnerFingerprint} of the owner that holds it, never the owner; {@code null}
	 * when it is free
	 * @param remainingTtl how long the lock still lives, by the backend's clock; {@code null} when it is free or never
	 * expires
	 */
	public record LockStateDescriptor(String namespace, String key, String state, @Nullable String ownerFingerprint,
			@Nullable Duration remainingTtl) implements OperationResponseBody {
	}

	/**
	 * The result of a force release.
	 *
	 * @param namespace the provider's namespace
	 * @param key the key, without the namespace
	 * @param released whether a lock existed and was released
	 */
	public record ForceReleaseDescriptor(String namespace, String key, boolean released)
			implements OperationResponseBody {
	}

}
