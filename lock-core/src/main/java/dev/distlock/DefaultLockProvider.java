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
 *
 * @since 0.1.0
 */
public final class DefaultLockProvider implements LockProvider {

	/** The expiry of locks that set none, unless the builder says otherwise: 5 minutes. */
	static final Expiry.Resolved DEFAULT_EXPIRY = Expiry.after(Duration.ofMinutes(5));

	private final LockAdapter adapter;

	private final Namespace namespace;

	private final Expiry.Resolved defaultExpiry;

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

	private DefaultLockProvider(DefaultBuilder builder) {
		this.adapter = builder.adapter;
		this.namespace = builder.namespace;
		this.defaultExpiry = builder.defaultExpiry;
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
		this.renewer = new LockRenewer(this.ticker, this.maintenance);
		this.eventBus.bind(this);
	}

	@Override
	public Lock create(String key, LockSettings settings) {
		return createLease(this.adapter, key, settings);
	}

	@Override
	public Lock restore(LockHandle handle) {
		return restoreLease(this.adapter, handle);
	}

	// What create does for a lock, for any lease: a semaphore's slot or a read-write lock's half passes its view.
	DefaultLock createLease(LockAdapter leaseAdapter, String key, LockSettings settings) {
		Arguments.requireKey("key", key);
		Arguments.requireNonNull("settings", settings);
		List<String> ownerParts = settings.ownerParts();
		// The settings checked the parts and their joined length already.
		String owner = (ownerParts != null) ? String.join(this.namespace.delimiter(), ownerParts) : generateOwner();
		return createLease(leaseAdapter, key, owner, settings);
	}

	// The same, for a lease whose owner is already chosen: both halves of a read-write lock share one.
	DefaultLock createLease(LockAdapter leaseAdapter, String key, String owner, LockSettings settings) {
		Expiry.Resolved expiry = (settings.expiry() instanceof Expiry.Resolved own) ? own : this.defaultExpiry;
		Duration ttl = expiry.ttlOrNull();
		Duration holdAtLeast = settings.holdAtLeast();
		if (holdAtLeast != null) {
			// The settings checked it against their own TTL; the provider's default TTL is only known here.
			LockSettings.requireHoldAtLeast(holdAtLeast, ttl);
		}
		return new DefaultLock(this, leaseAdapter, key, owner, ttl, settings.name(), renews(settings.renewal()), 0,
				holdAtLeast);
	}

	DefaultLock restoreLease(LockAdapter leaseAdapter, LockHandle handle) {
		Arguments.requireNonNull("handle", handle);
		// The handle checked its values when it was made; only the namespace is this provider's business.
		if (!handle.namespace().equals(this.namespace.root())) {
			throw new IllegalArgumentException("handle.namespace " + Arguments.quote(handle.namespace())
					+ " does not match this provider's namespace " + Arguments.quote(this.namespace.root()));
		}
		return new DefaultLock(this, leaseAdapter, handle.key(), handle.owner(), handle.expiry().ttlOrNull(), null,
				renews(Renewal.DEFAULT), handle.token(), null);
	}

	@Override
	public Namespace getNamespace() {
		return this.namespace;
	}

	// What a lock's run* asks before it acquires: the hold, if any, that enclosing work has of the same key.
	Optional<Lock> enclosingHold(String key) {
		return this.enclosingHolds.find(this, key);
	}

	@Override
	public Expiry.Resolved getDefaultExpiry() {
		return this.defaultExpiry;
	}

	@Override
	public String getInstanceId() {
		return this.instanceId;
	}

	@Override
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

	@Override
	public LostLockPolicy getLostLockPolicy() {
		return this.lostLockPolicy;
	}

	@Override
	public ReleaseErrorPolicy getReleaseErrorPolicy() {
		return this.releaseErrorPolicy;
	}

	@Override
	public boolean isDefaultRenewal() {
		return this.defaultRenewal;
	}

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

	// LockProvider.Builder documents each setting and its default.
	static final class DefaultBuilder implements LockProvider.Builder {

		private final LockAdapter adapter;

		private Namespace namespace = Namespace.DEFAULT;

		private Expiry.Resolved defaultExpiry = DEFAULT_EXPIRY;

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

		DefaultBuilder(LockAdapter adapter) {
			this.adapter = Arguments.requireNonNull("adapter", adapter);
		}

		@Override
		public DefaultBuilder namespace(Namespace namespace) {
			this.namespace = Arguments.requireNonNull("namespace", namespace);
			return this;
		}

		@Override
		public DefaultBuilder namespace(String namespace) {
			return namespace(Namespace.of(namespace));
		}

		@Override
		public DefaultBuilder defaultExpiry(Expiry.Resolved expiry) {
			this.defaultExpiry = Arguments.requireNonNull("expiry", expiry);
			return this;
		}

		@Override
		public DefaultBuilder defaultBlockingSettings(BlockingSettings settings) {
			this.defaultBlockingSettings = Arguments.requireNonNull("settings", settings);
			return this;
		}

		@Override
		public DefaultBuilder ownerGenerator(Supplier<String> ownerGenerator) {
			this.ownerGenerator = Arguments.requireNonNull("ownerGenerator", ownerGenerator);
			return this;
		}

		@Override
		public DefaultBuilder eventBus(LockEventBus eventBus) {
			this.eventBus = Arguments.requireNonNull("eventBus", eventBus);
			return this;
		}

		@Override
		public DefaultBuilder ticker(Ticker ticker) {
			this.ticker = Arguments.requireNonNull("ticker", ticker);
			return this;
		}

		@Override
		public DefaultBuilder lostLockPolicy(LostLockPolicy policy) {
			this.lostLockPolicy = Arguments.requireNonNull("policy", policy);
			return this;
		}

		@Override
		public DefaultBuilder releaseErrorPolicy(ReleaseErrorPolicy policy) {
			this.releaseErrorPolicy = Arguments.requireNonNull("policy", policy);
			return this;
		}

		@Override
		public DefaultBuilder defaultRenewal(boolean renew) {
			this.defaultRenewal = renew;
			return this;
		}

		@Override
		public DefaultBuilder observer(LockObserver observer) {
			this.observer = Arguments.requireNonNull("observer", observer);
			return this;
		}

		@Override
		public DefaultBuilder instanceId(String instanceId) {
			this.instanceId = Arguments.requireText("instanceId", instanceId);
			return this;
		}

		@Override
		public DefaultBuilder enclosingHolds(EnclosingHolds holds) {
			this.enclosingHolds = Arguments.requireNonNull("holds", holds);
			return this;
		}

		@Override
		public DefaultLockProvider build() {
			return new DefaultLockProvider(this);
		}

	}

}
