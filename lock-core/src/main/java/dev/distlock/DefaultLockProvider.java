package dev.distlock;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.event.LocalLockEventBus;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockEventBus;
import dev.distlock.event.LockEventListener;

/**
 * The standard {@link LockProvider}, which is also the {@link LockListenable} for its locks' events.
 *
 * <p>Holds everything the locks it creates share: the adapter, the namespace, the defaults, the policies, the event
 * bus, and one background thread (started on first use) for renewals and clean-up. Thread-safe and meant to live as
 * long as the application; {@link #close()} stops the background thread. Build one with
 * {@link LockProvider#builder(LockAdapter)}.
 */
public final class DefaultLockProvider implements LockProvider, LockListenable, AutoCloseable {

	/** The TTL of locks that set none, unless the builder says otherwise: 5 minutes. */
	public static final Duration DEFAULT_TTL = Duration.ofMinutes(5);

	private final LockAdapter adapter;

	private final Namespace namespace;

	private final @Nullable Duration defaultTtl;

	private final BlockingSettings defaultBlockingSettings;

	private final Supplier<String> ownerGenerator;

	private final LockEventBus eventBus;

	private final Ticker ticker;

	private final LockObserver observer;

	private final String instanceId;

	private final LostLockPolicy lostLockPolicy;

	private final ReleaseErrorPolicy releaseErrorPolicy;

	private final boolean defaultRenewal;

	private final LockMaintenance maintenance;

	private final LockRenewer renewer;

	private final EnclosingHolds enclosingHolds;

	private DefaultLockProvider(Builder builder) {
		this.adapter = builder.adapter;
		this.namespace = builder.namespace;
		this.defaultTtl = builder.defaultTtl;
		this.defaultBlockingSettings = builder.defaultBlockingSettings;
		this.ownerGenerator = builder.ownerGenerator;
		// A bus of its own unless one was given: two providers from one builder must not hear each other.
		LockEventBus eventBus = builder.eventBus;
		this.eventBus = (eventBus != null) ? eventBus : new LocalLockEventBus();
		this.ticker = builder.ticker;
		this.observer = builder.observer;
		this.instanceId = builder.instanceId;
		this.lostLockPolicy = builder.lostLockPolicy;
		this.releaseErrorPolicy = builder.releaseErrorPolicy;
		this.defaultRenewal = builder.defaultRenewal;
		this.enclosingHolds = builder.enclosingHolds;
		this.maintenance = new LockMaintenance();
		this.renewer = new LockRenewer(this.adapter, this.ticker, this.maintenance);
		this.eventBus.bind(this);
	}

	@Override
	public Lock create(String key, LockSettings settings) {
		Arguments.requireKey("key", key);
		Arguments.requireNonNull("settings", settings);
		List<String> ownerParts = settings.ownerParts();
		// The settings checked the parts and their joined length already.
		String owner = (ownerParts != null) ? String.join(this.namespace.delimiter(), ownerParts) : generateOwner();
		Duration ttl = settings.noExpiry() ? null : (settings.ttl() != null) ? settings.ttl() : this.defaultTtl;
		Duration holdAtLeast = settings.holdAtLeast();
		if (holdAtLeast != null) {
			// The settings checked it against their own TTL; the provider's default TTL is only known here.
			LockSettings.requireHoldAtLeast(holdAtLeast, ttl);
		}
		return new DefaultLock(this, key, owner, ttl, settings.name(), renews(settings.renewal()), 0, holdAtLeast);
	}

	@Override
	public Lock restore(LockHandle handle) {
		Arguments.requireNonNull("handle", handle);
		// The handle checked its values when it was made; only the namespace is this provider's business.
		if (!handle.namespace().equals(this.namespace.root())) {
			throw new IllegalArgumentException("handle.namespace " + Arguments.quote(handle.namespace())
					+ " does not match this provider's namespace " + Arguments.quote(this.namespace.root()));
		}
		return new DefaultLock(this, handle.key(), handle.owner(), handle.ttl(), null, renews(Renewal.DEFAULT),
				handle.token(), null);
	}

	@Override
	public Namespace getNamespace() {
		return this.namespace;
	}

	// What a lock's run* asks before it acquires: the hold, if any, that enclosing work has of the same key.
	Optional<Lock> enclosingHold(String key) {
		return this.enclosingHolds.find(this, key);
	}

	/**
	 * The TTL of locks created without one.
	 * @return the default TTL, empty if such locks never expire
	 */
	public Optional<Duration> getDefaultTtl() {
		return Optional.ofNullable(this.defaultTtl);
	}

	@Override
	public String getInstanceId() {
		return this.instanceId;
	}

	/**
	 * The wait time and interval of blocking acquires that are given none.
	 * @return the default blocking settings
	 */
	public BlockingSettings getDefaultBlockingSettings() {
		return this.defaultBlockingSettings;
	}

	@Override
	public <E extends LockEvent> void addListener(Class<E> eventType, LockEventListener<? super E> listener) {
		this.eventBus.addListener(eventType, listener);
	}

	@Override
	public <E extends LockEvent> void removeListener(Class<E> eventType, LockEventListener<? super E> listener) {
		this.eventBus.removeListener(eventType, listener);
	}

	/**
	 * What {@code run*} do with a lock found lost at the end of the work.
	 * @return the policy
	 */
	public LostLockPolicy getLostLockPolicy() {
		return this.lostLockPolicy;
	}

	/**
	 * What {@code run*} do when the release after successful work fails on the backend.
	 * @return the policy
	 */
	public ReleaseErrorPolicy getReleaseErrorPolicy() {
		return this.releaseErrorPolicy;
	}

	/**
	 * Whether locks created with {@link Renewal#DEFAULT} are renewed while held.
	 * @return the default
	 */
	public boolean isDefaultRenewal() {
		return this.defaultRenewal;
	}

	/**
	 * Stops the background thread: renewals end (renewed locks then live out their TTL), and clean-up still pending,
	 * such as a release retried for a lock without expiry, is dropped. Locks keep working for plain calls.
	 * Idempotent.
	 */
	@Override
	public void close() {
		this.maintenance.close();
	}

	@Override
	public String toString() {
		return "DefaultLockProvider[namespace=" + this.namespace + ", adapter=" + this.adapter.getClass().getSimpleName()
				+ "]";
	}

	LockAdapter adapter() {
		return this.adapter;
	}

	LockEventBus eventBus() {
		return this.eventBus;
	}

	Ticker ticker() {
		return this.ticker;
	}

	LostLockPolicy lostLockPolicy() {
		return this.lostLockPolicy;
	}

	ReleaseErrorPolicy releaseErrorPolicy() {
		return this.releaseErrorPolicy;
	}

	LockMaintenance maintenance() {
		return this.maintenance;
	}

	LockRenewer renewer() {
		return this.renewer;
	}

	private boolean renews(Renewal renewal) {
		return (renewal == Renewal.DEFAULT) ? this.defaultRenewal : renewal == Renewal.ENABLED;
	}

	LockObserver observer() {
		return this.observer;
	}

	private String generateOwner() {
		String owner = this.ownerGenerator.get();
		try {
			return Arguments.requireOwner("owner", owner);
		}
		catch (IllegalArgumentException ex) {
			// The generator's fault, not the caller's; the message never quotes the owner.
			throw new IllegalStateException("The owner generator returned an owner that cannot be used: "
					+ ex.getMessage(), ex);
		}
	}

	/**
	 * Builds a {@link DefaultLockProvider}. Not thread-safe; every setting but the adapter has a default.
	 */
	public static final class Builder {

		private final LockAdapter adapter;

		private Namespace namespace = Namespace.DEFAULT;

		private @Nullable Duration defaultTtl = DEFAULT_TTL;

		private BlockingSettings defaultBlockingSettings = BlockingSettings.DEFAULTS;

		private Supplier<String> ownerGenerator = () -> UUID.randomUUID().toString();

		private @Nullable LockEventBus eventBus;

		private Ticker ticker = Ticker.system();

		private LockObserver observer = LockObserver.NONE;

		private String instanceId = UUID.randomUUID().toString();

		private LostLockPolicy lostLockPolicy = LostLockPolicy.THROW;

		private ReleaseErrorPolicy releaseErrorPolicy = ReleaseErrorPolicy.LOG;

		private boolean defaultRenewal;

		private EnclosingHolds enclosingHolds = EnclosingHolds.none();

		Builder(LockAdapter adapter) {
			this.adapter = Arguments.requireNonNull("adapter", adapter);
		}

		/**
		 * Sets the namespace; {@code "lock"} with delimiter {@code ":"} by default.
		 * @param namespace the namespace
		 * @return this builder
		 * @throws IllegalArgumentException if {@code namespace} is {@code null}
		 */
		public Builder namespace(Namespace namespace) {
			this.namespace = Arguments.requireNonNull("namespace", namespace);
			return this;
		}

		/**
		 * Sets a one-part namespace with the default delimiter.
		 * @param namespace the namespace, for example {@code "billing-lock"}
		 * @return this builder
		 * @throws IllegalArgumentException if {@code namespace} is {@code null} or blank
		 */
		public Builder namespace(String namespace) {
			return namespace(Namespace.of(namespace));
		}

		/**
		 * Sets the TTL of locks created without one; 5 minutes by default.
		 * @param defaultTtl the TTL
		 * @return this builder
		 * @throws IllegalArgumentException if {@code defaultTtl} is {@code null}, zero or negative
		 */
		public Builder defaultTtl(Duration defaultTtl) {
			this.defaultTtl = Arguments.requireTtl("defaultTtl", defaultTtl);
			return this;
		}

		/**
		 * Makes locks created without a TTL never expire: they must be released or force released.
		 * @return this builder
		 */
		public Builder defaultNoExpiry() {
			this.defaultTtl = null;
			return this;
		}

		/**
		 * Sets the wait time and interval of blocking acquires given none; 1 minute and 1 second by default.
		 * @param settings the settings
		 * @return this builder
		 * @throws IllegalArgumentException if {@code settings} is {@code null}
		 */
		public Builder defaultBlockingSettings(BlockingSettings settings) {
			this.defaultBlockingSettings = Arguments.requireNonNull("settings", settings);
			return this;
		}

		/**
		 * Sets what generates the owner of locks created without one; random UUIDs by default. Every owner it
		 * returns must be unique, or locks that should exclude each other will not, and a valid owner (not blank,
		 * well-formed, at most {@link LockProvider#MAX_OWNER_LENGTH} characters), or {@code create} throws an
		 * {@link IllegalStateException}.
		 * @param ownerGenerator the generator
		 * @return this builder
		 * @throws IllegalArgumentException if {@code ownerGenerator} is {@code null}
		 */
		public Builder ownerGenerator(Supplier<String> ownerGenerator) {
			this.ownerGenerator = Arguments.requireNonNull("ownerGenerator", ownerGenerator);
			return this;
		}

		/**
		 * Sets the bus that carries this provider's events; a new {@link LocalLockEventBus} by default. Give each
		 * provider a bus of its own, or providers sharing one hear each other's events.
		 * @param eventBus the bus
		 * @return this builder
		 * @throws IllegalArgumentException if {@code eventBus} is {@code null}
		 */
		public Builder eventBus(LockEventBus eventBus) {
			this.eventBus = Arguments.requireNonNull("eventBus", eventBus);
			return this;
		}

		/**
		 * Sets the monotonic ticker that times blocking waits and renewals; {@link Ticker#system()} by default. Lock
		 * expiry is the adapter's own time, not this ticker's.
		 * @param ticker the ticker
		 * @return this builder
		 * @throws IllegalArgumentException if {@code ticker} is {@code null}
		 */
		public Builder ticker(Ticker ticker) {
			this.ticker = Arguments.requireNonNull("ticker", ticker);
			return this;
		}

		/**
		 * Sets what {@code run*} do with a lock found lost at the end of the work; {@link LostLockPolicy#THROW} by
		 * default.
		 * @param policy the policy
		 * @return this builder
		 * @throws IllegalArgumentException if {@code policy} is {@code null}
		 */
		public Builder lostLockPolicy(LostLockPolicy policy) {
			this.lostLockPolicy = Arguments.requireNonNull("policy", policy);
			return this;
		}

		/**
		 * Sets what {@code run*} do when the release after successful work fails on the backend;
		 * {@link ReleaseErrorPolicy#LOG} by default.
		 * @param policy the policy
		 * @return this builder
		 * @throws IllegalArgumentException if {@code policy} is {@code null}
		 */
		public Builder releaseErrorPolicy(ReleaseErrorPolicy policy) {
			this.releaseErrorPolicy = Arguments.requireNonNull("policy", policy);
			return this;
		}

		/**
		 * Sets whether locks created with {@link Renewal#DEFAULT} are renewed while held; {@code false} by default.
		 * @param renew whether to renew them
		 * @return this builder
		 */
		public Builder defaultRenewal(boolean renew) {
			this.defaultRenewal = renew;
			return this;
		}

		/**
		 * Sets what wraps every lock operation to time and count it; none by default.
		 * @param observer the observer
		 * @return this builder
		 * @throws IllegalArgumentException if {@code observer} is {@code null}
		 */
		public Builder observer(LockObserver observer) {
			this.observer = Arguments.requireNonNull("observer", observer);
			return this;
		}

		/**
		 * Sets the id that marks this instance's events; a random UUID by default. Give each running instance of an
		 * application its own.
		 * @param instanceId the id
		 * @return this builder
		 * @throws IllegalArgumentException if {@code instanceId} is {@code null} or blank
		 */
		public Builder instanceId(String instanceId) {
			this.instanceId = Arguments.requireText("instanceId", instanceId);
			return this;
		}

		/**
		 * Lets the {@code run*} methods of this provider's locks run their work under a hold of the same key that
		 * enclosing work already has (found by {@code holds}), instead of acquiring the key again; the Spring Boot
		 * starter passes the holds of {@code @DistributedLock} calls. Off unless set.
		 * @param holds finds enclosing holds
		 * @return this builder
		 * @throws IllegalArgumentException if {@code holds} is {@code null}
		 */
		public Builder enclosingHolds(EnclosingHolds holds) {
			this.enclosingHolds = Arguments.requireNonNull("holds", holds);
			return this;
		}

		/**
		 * Builds the provider.
		 * @return the provider
		 */
		public DefaultLockProvider build() {
			return new DefaultLockProvider(this);
		}

	}

}
