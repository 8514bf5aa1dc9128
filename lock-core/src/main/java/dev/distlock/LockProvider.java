package dev.distlock;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.event.LockEventBus;
import java.util.function.Supplier;

/**
 * Creates locks and fires their events: the seed's {@code LockProvider}, and the type to inject. It is both the
 * {@link LockFactory} and the {@link LockListenable} of its locks, and tells the defaults its locks fall back to;
 * functions that need less can take either narrower contract.
 *
 * <pre>{@code
 * LockProvider provider = LockProvider.builder(new MemoryLockAdapter()).build();
 * provider.addListener(LockLostEvent.class, (event) -> alert(event.lock().getKey()));
 * Lock lock = provider.create("orders:42");
 * lock.runOrFail(() -> ship(order));
 * }</pre>
 *
 * <p>A provider holds one background thread (started on first use) for renewals and clean-up: {@link #close()}
 * stops it. Spring closes a provider bean with its context.
 *
 * @since 0.1.0
 */
public interface LockProvider extends LockFactory, LockListenable, AutoCloseable {

	/**
	 * Identifies this provider's instance in the events it fires ({@link dev.distlock.event.LockEvent#origin()}), so
	 * that listeners hearing events from several instances can tell them apart.
	 * @return the instance id
	 */
	String getInstanceId();

	/**
	 * The expiry of locks created with {@link Expiry#providerDefault()}.
	 * @return a TTL, or never
	 */
	Expiry.Resolved getDefaultExpiry();

	/**
	 * The wait time and interval of blocking acquires that are given none.
	 * @return the default blocking settings
	 */
	BlockingSettings getDefaultBlockingSettings();

	/**
	 * What {@code run*} do with a lock found lost at the end of the work.
	 * @return the policy
	 */
	LostLockPolicy getLostLockPolicy();

	/**
	 * What {@code run*} do when the release after successful work fails on the backend.
	 * @return the policy
	 */
	ReleaseErrorPolicy getReleaseErrorPolicy();

	/**
	 * Whether locks created with {@link Renewal#DEFAULT} are renewed while held.
	 * @return the default
	 */
	boolean isDefaultRenewal();

	/**
	 * Stops the background thread: renewals end (renewed locks then live out their TTL), and clean-up still pending,
	 * such as a release retried for a lock without expiry, is dropped. Locks keep working for plain calls.
	 * Idempotent.
	 */
	@Override
	void close();

	/**
	 * Starts building the standard provider on {@code adapter}.
	 * @param adapter the backend
	 * @return a builder with the defaults its methods name
	 * @throws IllegalArgumentException if {@code adapter} is {@code null}
	 */
	static Builder builder(LockAdapter adapter) {
		return new DefaultLockProvider.DefaultBuilder(adapter);
	}

	/**
	 * Builds the standard {@link LockProvider}. Not thread-safe; every setting but the adapter has a default, which
	 * each method names.
	 *
	 * @since 0.1.0
	 */
	interface Builder {

		/**
		 * Sets the namespace that prefixes every key and isolates events; {@link Namespace#DEFAULT} ({@code "lock"},
		 * delimiter {@code ':'}) by default.
		 * @param namespace the namespace
		 * @return this builder
		 * @throws IllegalArgumentException if {@code namespace} is {@code null}
		 */
		Builder namespace(Namespace namespace);

		/**
		 * Sets the namespace from a root, with the default delimiter.
		 * @param namespace the root, for example {@code "billing"}
		 * @return this builder
		 * @throws IllegalArgumentException if {@code namespace} is not a valid root
		 */
		Builder namespace(String namespace);

		/**
		 * Sets the expiry of locks created with {@link Expiry#providerDefault()}; 5 minutes by default.
		 * @param expiry a TTL, or {@link Expiry#never()}
		 * @return this builder
		 * @throws IllegalArgumentException if {@code expiry} is {@code null}
		 */
		Builder defaultExpiry(Expiry.Resolved expiry);

		/**
		 * Sets the wait time and interval of blocking acquires given none; {@link BlockingSettings#DEFAULTS} (1 minute,
		 * every second) by default.
		 * @param settings the settings
		 * @return this builder
		 * @throws IllegalArgumentException if {@code settings} is {@code null}
		 */
		Builder defaultBlockingSettings(BlockingSettings settings);

		/**
		 * Sets how owners are generated for locks given none; random UUIDs by default. Owners are credentials:
		 * generate them unguessable.
		 * @param ownerGenerator the generator
		 * @return this builder
		 * @throws IllegalArgumentException if {@code ownerGenerator} is {@code null}
		 */
		Builder ownerGenerator(Supplier<String> ownerGenerator);

		/**
		 * Sets the bus that carries the locks' events; a local bus of the provider's own by default.
		 * @param eventBus the bus
		 * @return this builder
		 * @throws IllegalArgumentException if {@code eventBus} is {@code null}
		 */
		Builder eventBus(LockEventBus eventBus);

		/**
		 * Sets the clock that times waits and renewals; {@link Ticker#system()} by default.
		 * @param ticker the ticker
		 * @return this builder
		 * @throws IllegalArgumentException if {@code ticker} is {@code null}
		 */
		Builder ticker(Ticker ticker);

		/**
		 * Sets what {@code run*} do with a lock found lost at the end of the work; {@link LostLockPolicy#THROW} by
		 * default.
		 * @param policy the policy
		 * @return this builder
		 * @throws IllegalArgumentException if {@code policy} is {@code null}
		 */
		Builder lostLockPolicy(LostLockPolicy policy);

		/**
		 * Sets what {@code run*} do when the release after successful work fails; {@link ReleaseErrorPolicy#LOG} by
		 * default.
		 * @param policy the policy
		 * @return this builder
		 * @throws IllegalArgumentException if {@code policy} is {@code null}
		 */
		Builder releaseErrorPolicy(ReleaseErrorPolicy policy);

		/**
		 * Sets whether locks created with {@link Renewal#DEFAULT} are renewed while held; {@code false} by default.
		 * @param renew whether to renew
		 * @return this builder
		 */
		Builder defaultRenewal(boolean renew);

		/**
		 * Sets the observer told of every operation, for metrics and traces; none by default.
		 * @param observer the observer
		 * @return this builder
		 * @throws IllegalArgumentException if {@code observer} is {@code null}
		 */
		Builder observer(LockObserver observer);

		/**
		 * Sets the id that marks this instance's events; a random UUID by default.
		 * @param instanceId the id, not blank
		 * @return this builder
		 * @throws IllegalArgumentException if {@code instanceId} is {@code null} or blank
		 */
		Builder instanceId(String instanceId);

		/**
		 * Sets where {@code run*} look for a hold that enclosing work has of the same key; none by default.
		 * @param holds the lookup
		 * @return this builder
		 * @throws IllegalArgumentException if {@code holds} is {@code null}
		 */
		Builder enclosingHolds(EnclosingHolds holds);

		/**
		 * Builds the provider.
		 * @return the provider
		 */
		LockProvider build();

	}

}
