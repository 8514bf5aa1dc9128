package dev.distlock.spring.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
import dev.distlock.ReadWriteLockProvider;
import dev.distlock.ReadWriteLockState;
import dev.distlock.RemainingTime;
import dev.distlock.SemaphoreProvider;
import dev.distlock.SemaphoreState;
import dev.distlock.spring.observation.HeldLock;
import dev.distlock.spring.observation.HeldLocks;
import dev.distlock.spring.observation.LockKinds;

/**
 * The {@code locks} endpoint: the locks this instance holds, the state of any key in the backend, and force release;
 * and, when the application has them, the state of a semaphore's key ({@code GET /actuator/locks/semaphores/{key}}:
 * limit, held and free slots) and of a read-write lock's key ({@code GET /actuator/locks/read-write-locks/{key}}:
 * readers, writer, waiting writers). Those reads name no holder at all.
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

	private final @Nullable SemaphoreProvider semaphores;

	private final @Nullable ReadWriteLockProvider readWriteLocks;

	/** The selector of {@link #lease(String, String)} for semaphores: {@value}. */
	public static final String SEMAPHORES = "semaphores";

	/** The selector of {@link #lease(String, String)} for read-write locks: {@value}. */
	public static final String READ_WRITE_LOCKS = "read-write-locks";

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
		this(provider, heldLocks, providers, null, null);
	}

	/**
	 * Creates the endpoint, listing every provider and reading semaphores and read-write locks too.
	 * @param provider the default provider, whose namespace and backend it reads
	 * @param heldLocks the locks this instance holds through it
	 * @param providers every provider by name, listed by {@link #locks()}, or {@code null} for the default only
	 * @param semaphores the semaphore provider whose keys {@link #lease(String, String)} reads, or {@code null}
	 * @param readWriteLocks the read-write lock provider whose keys {@link #lease(String, String)} reads, or
	 * {@code null}
	 */
	public LocksEndpoint(LockProvider provider, HeldLocks heldLocks, @Nullable LockProviders providers,
			@Nullable SemaphoreProvider semaphores, @Nullable ReadWriteLockProvider readWriteLocks) {
		this.provider = provider;
		this.heldLocks = heldLocks;
		this.providers = providers;
		this.semaphores = semaphores;
		this.readWriteLocks = readWriteLocks;
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
				this.heldLocks.getMaxSize(), this.heldLocks.overflowCount(), providers(), leaseProviders());
	}

	private List<LeaseProviderDescriptor> leaseProviders() {
		List<LeaseProviderDescriptor> leaseProviders = new ArrayList<>();
		if (this.semaphores != null) {
			leaseProviders.add(new LeaseProviderDescriptor(LockKinds.SEMAPHORE, SEMAPHORES,
					this.semaphores.getNamespace().root()));
		}
		if (this.readWriteLocks != null) {
			leaseProviders.add(new LeaseProviderDescriptor(LockKinds.READ_WRITE_LOCK, READ_WRITE_LOCKS,
					this.readWriteLocks.getNamespace().root()));
		}
		return List.copyOf(leaseProviders);
	}

	/**
	 * Reads the state of a semaphore's or read-write lock's key in the backend, without acquiring anything and
	 * without naming any holder.
	 * @param kind {@value #SEMAPHORES} or {@value #READ_WRITE_LOCKS}
	 * @param key the key, without the namespace
	 * @return a {@link SemaphoreStateDescriptor} or a {@link ReadWriteLockStateDescriptor}
	 * @throws InvalidEndpointRequestException if the kind is neither, the application has no provider of it, or the
	 * provider refuses the key
	 */
	@ReadOperation
	public OperationResponseBody lease(@Selector String kind, @Selector String key) {
		SemaphoreProvider semaphoreProvider = this.semaphores;
		ReadWriteLockProvider readWriteLockProvider = this.readWriteLocks;
		if (kind.equals(SEMAPHORES) && semaphoreProvider != null) {
			// The limit only matters while no slot is held, and then it is not reported.
			SemaphoreState state = checkedKey(() -> semaphoreProvider.create(key, 1)).getState();
			boolean held = state.held() > 0;
			return new SemaphoreStateDescriptor(semaphoreProvider.getNamespace().root(), key,
					held ? state.limit() : null, state.held(), held ? state.freeSlots() : null);
		}
		if (kind.equals(READ_WRITE_LOCKS) && readWriteLockProvider != null) {
			ReadWriteLockState state = checkedKey(() -> readWriteLockProvider.create(key)).getState();
			return new ReadWriteLockStateDescriptor(readWriteLockProvider.getNamespace().root(), key,
					state.readers(), state.writeLocked(), state.waitingWriters());
		}
		String known = Stream.of((this.semaphores != null) ? SEMAPHORES : null,
				(this.readWriteLocks != null) ? READ_WRITE_LOCKS : null).filter(Objects::nonNull)
			.collect(Collectors.joining(", "));
		String message = "No provider of kind '" + shortened(kind) + "'"
				+ (known.isEmpty() ? "" : "; the application has " + known);
		throw new InvalidEndpointRequestException(message, message);
	}

	private static <T> T checkedKey(Supplier<T> create) {
		try {
			return create.get();
		}
		catch (IllegalArgumentException ex) {
			// The provider's message quotes at most a short prefix of the key, and names no owner.
			throw new InvalidEndpointRequestException("Invalid lock key: " + ex.getMessage(),
					"Invalid lock key: " + ex.getMessage());
		}
	}

	private static String shortened(String text) {
		return (text.length() <= 64) ? text : text.substring(0, 64) + "…";
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
	 * @param leaseProviders the application's semaphore and read-write lock providers, whose keys
	 * {@code /actuator/locks/{selector}/{key}} reads; empty if it has none
	 */
	public record HeldLocksDescriptor(String namespace, String instanceId, List<HeldLockDescriptor> locks, int maxSize,
			long overflow, List<ProviderDescriptor> providers, List<LeaseProviderDescriptor> leaseProviders)
			implements OperationResponseBody {
	}

	/**
	 * A semaphore or read-write lock provider of the application.
	 *
	 * @param kind {@code semaphore} or {@code read-write-lock}
	 * @param selector the path segment that reads its keys: {@value #SEMAPHORES} or {@value #READ_WRITE_LOCKS}
	 * @param namespace its namespace
	 */
	public record LeaseProviderDescriptor(String kind, String selector, String namespace) {
	}

	/**
	 * The state of a semaphore's key in the backend, naming no holder.
	 *
	 * @param namespace the provider's namespace
	 * @param key the key, without the namespace
	 * @param limit the limit the held slots were taken under; {@code null} when none is held (a free key records none)
	 * @param held how many slots are held, by any owner
	 * @param freeSlots how many slots are free; {@code null} when none is held
	 */
	public record SemaphoreStateDescriptor(String namespace, String key, @Nullable Integer limit, int held,
			@Nullable Integer freeSlots) implements OperationResponseBody {
	}

	/**
	 * The state of a read-write lock's key in the backend, naming no holder.
	 *
	 * @param namespace the provider's namespace
	 * @param key the key, without the namespace
	 * @param readers how many owners hold a read
	 * @param writeLocked whether an owner holds the write
	 * @param waitingWriters how many owners wait to write; while any does, new readers are refused
	 */
	public record ReadWriteLockStateDescriptor(String namespace, String key, int readers, boolean writeLocked,
			int waitingWriters) implements OperationResponseBody {
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
