package dev.distlock.spring.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.LockState;
import dev.distlock.spring.observation.HeldLock;
import dev.distlock.spring.observation.HeldLocks;

/**
 * The {@code locks} endpoint: the locks this instance holds, the state of any key in the backend, and force release.
 *
 * <p>Force release ({@code DELETE /actuator/locks/{key}}) breaks mutual exclusion for whoever holds the key: expose
 * it only to operators, as any write operation of Actuator.
 */
@Endpoint(id = "locks")
public final class LocksEndpoint {

	private final LockProvider provider;

	private final HeldLocks heldLocks;

	/**
	 * Creates the endpoint.
	 * @param provider the provider whose namespace and backend it reads
	 * @param heldLocks the locks this instance holds
	 */
	public LocksEndpoint(LockProvider provider, HeldLocks heldLocks) {
		this.provider = provider;
		this.heldLocks = heldLocks;
	}

	/**
	 * Lists the locks this instance holds now, as far as it knows: acquired here, not yet released, force released
	 * or past their TTL.
	 * @return the held locks
	 */
	@ReadOperation
	public HeldLocksDescriptor locks() {
		Instant now = this.heldLocks.getClock().instant();
		List<HeldLockDescriptor> locks = this.heldLocks.list()
			.stream()
			.map((held) -> HeldLockDescriptor.of(held, now))
			.toList();
		return new HeldLocksDescriptor(this.provider.getNamespace().root(), this.provider.getInstanceId(), locks);
	}

	/**
	 * Reads the state of a key in the backend, whoever holds it, without acquiring it.
	 * @param key the key, without the namespace
	 * @return the key's state
	 */
	@ReadOperation
	public LockStateDescriptor lock(@Selector String key) {
		String namespace = this.provider.getNamespace().root();
		// A fresh owner sees any holder as "unavailable"; reading again as that owner gives its remaining time.
		LockState state = this.provider.create(key).getState();
		if (!(state instanceof LockState.Unavailable unavailable)) {
			return new LockStateDescriptor(namespace, key, "expired", null, null);
		}
		LockState asHolder = this.provider.create(key, LockSettings.defaults().withOwner(unavailable.owner()))
			.getState();
		Duration remaining = (asHolder instanceof LockState.Acquired acquired) ? acquired.remainingTime() : null;
		return new LockStateDescriptor(namespace, key, "acquired", unavailable.owner(), remaining);
	}

	/**
	 * Force releases a key, whoever holds it.
	 * @param key the key, without the namespace
	 * @return whether a lock existed and was released
	 */
	@DeleteOperation
	public ForceReleaseDescriptor forceRelease(@Selector String key) {
		return new ForceReleaseDescriptor(this.provider.getNamespace().root(), key,
				this.provider.create(key).forceRelease());
	}

	/**
	 * The locks this instance holds.
	 *
	 * @param namespace the provider's namespace
	 * @param instanceId this instance's id, as in lock events' {@code origin}
	 * @param locks the held locks, by key
	 */
	public record HeldLocksDescriptor(String namespace, String instanceId,
			List<HeldLockDescriptor> locks) implements OperationResponseBody {
	}

	/**
	 * A lock this instance holds.
	 *
	 * @param key the key, without the namespace
	 * @param owner the owner that holds it
	 * @param name the lock's name, or {@code null}
	 * @param acquiredAt when it was acquired
	 * @param remainingTtl how long it still lives, estimated by this instance's clock; {@code null} if it never
	 * expires
	 */
	public record HeldLockDescriptor(String key, String owner, @Nullable String name, Instant acquiredAt,
			@Nullable Duration remainingTtl) {

		static HeldLockDescriptor of(HeldLock held, Instant now) {
			return new HeldLockDescriptor(held.key(), held.owner(), held.name(), held.acquiredAt(),
					held.remainingTime(now).orElse(null));
		}

	}

	/**
	 * The state of a key in the backend.
	 *
	 * @param namespace the provider's namespace
	 * @param key the key, without the namespace
	 * @param state {@code expired} (free) or {@code acquired} (held)
	 * @param owner the owner that holds it, or {@code null} when it is free
	 * @param remainingTtl how long the lock still lives, by the backend's clock; {@code null} when it is free or never
	 * expires
	 */
	public record LockStateDescriptor(String namespace, String key, String state, @Nullable String owner,
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
