package dev.distlock.redis;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.distlock.LockProvider;
import dev.distlock.Namespace;
import dev.distlock.Ticker;
import dev.distlock.event.LocalLockEventBus;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockEventBus;
import dev.distlock.event.LockEventListener;

/**
 * A {@link LockEventBus} that delivers lock events to listeners in every instance of an application: each event is
 * delivered here at once, as by {@link LocalLockEventBus}, and also published on the Redis channel of the provider's
 * namespace ({@value #CHANNEL_PREFIX} followed by the namespace), where the buses of the other instances receive it
 * and deliver it to their listeners, with {@link LockEvent#origin()} naming the instance that fired it.
 *
 * <pre>{@code
 * RedisLockEventBus eventBus = new RedisLockEventBus(connectionFactory);
 * LockProvider lockProvider = LockProvider.builder(adapter)
 *         .namespace("billing")
 *         .instanceId("billing-7f3a")   // unique per running instance
 *         .eventBus(eventBus)
 *         .build();
 * // on shutdown: eventBus.close();
 * }</pre>
 *
 * <p>One bus serves one provider. Only the events its own provider fires are published, and received events are only
 * delivered here, never published again, so every event reaches each instance once at most. Events of other
 * namespaces never arrive: each namespace has its channel, and a message naming another namespace is dropped.
 *
 * <p>Best effort, at most once: Redis pub/sub keeps no messages, so an instance misses what is published while it is
 * not subscribed (starting, disconnected, Redis down). Publishing and delivering happen on a thread of the bus's own,
 * never in the lock operation, which a slow or absent Redis therefore never delays or fails; a failed publish is
 * logged. Received events reach listeners on that delivery thread, in the order they were published by each instance.
 * Every message that is not a lock event of this namespace in {@linkplain LockEventCodec the bus's format}
 * (malformed, unknown type, another namespace, a value the API would refuse) is dropped, and the subscription goes on;
 * the first is logged at WARN with the reason, later ones are counted and logged at most once a minute, with the count
 * and the last reason (each at DEBUG), so that a flood of garbage is a few lines, not one per message. A
 * {@link dev.distlock.event.LockUnexpectedErrorEvent} from another instance carries a {@link RemoteLockException}.
 *
 * <p>An owner is the lock's credential: whoever knows key and owner can release the lock. By default the bus
 * therefore sends the owner's {@linkplain dev.distlock.OwnerFingerprint fingerprint} instead, and the lock of an event
 * received from such a bus reports that fingerprint as its {@linkplain dev.distlock.Lock#getOwner() owner}; it reads
 * the key's state, but acquiring, releasing, refreshing, force releasing, running work and
 * {@linkplain dev.distlock.Lock#toHandle() handing it on} throw {@link UnsupportedOperationException}, and nothing
 * reaches the backend. A bus created {@linkplain #RedisLockEventBus(RedisConnectionFactory, boolean) to include
 * owners} sends the owners themselves, and its events arrive with live locks of the receiving provider, which may
 * release what the sender acquired: then every client that can subscribe to the channel can read the credentials of
 * every lock of the namespace.
 *
 * <p>Receiving needs Lettuce (see {@link RedisLockAdapter}); with another client the bus only publishes. Thread-safe.
 * {@link #close()} stops its threads and subscription; the connection factory stays the caller's to close.
 */
public final class RedisLockEventBus implements LockEventBus, AutoCloseable {

	/** What the channel name starts with, followed by the namespace: {@value}. */
	public static final String CHANNEL_PREFIX = "distlock:events:";

	/** Longer messages are dropped unread: no lock event comes near this. */
	static final int MAX_MESSAGE_BYTES = 64 * 1024;

	private static final Logger logger = LoggerFactory.getLogger(RedisLockEventBus.class);

	// Room for bursts while Redis is slow; beyond it events are dropped rather than held in memory without bound.
	private static final int QUEUE_CAPACITY = 10_000;

	private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

	/** How often, at most, dropped messages are logged at WARN. */
	static final Duration DROP_REPORT_INTERVAL = Duration.ofMinutes(1);

	private final LocalLockEventBus local = new LocalLockEventBus();

	private final RedisConnectionFactory connectionFactory;

	private final StringRedisTemplate redis;

	private final ThreadPoolExecutor publisher;

	private final ThreadPoolExecutor delivery;

	private final AtomicLong dropped = new AtomicLong();

	private final boolean includeOwners;

	private final Ticker ticker;

	private final Duration dropReportInterval;

	private final AtomicLong droppedMessages = new AtomicLong();

	private final Object dropLog = new Object();

	// Guarded by dropLog: the messages dropped since the last WARN about them, and when that was.
	private long unreportedDrops;

	private @Nullable String lastDropReason;

	private long lastDropReport;

	private boolean dropsReported;

	private volatile @Nullable LockProvider provider;

	private volatile @Nullable String channel;

	private volatile @Nullable ChannelSubscription subscription;

	private volatile boolean closed;

	// Touched by the publisher thread only.
	private boolean publishFailing;

	/**
	 * Creates a bus that sends owners' fingerprints, not owners. It subscribes when a provider is built with it.
	 * @param connectionFactory the connections to Redis, already started; the bus does not close it
	 * @throws IllegalArgumentException if {@code connectionFactory} is {@code null}
	 */
	public RedisLockEventBus(RedisConnectionFactory connectionFactory) {
		this(connectionFactory, false);
	}

	/**
	 * Creates a bus. It subscribes when a provider is built with it.
	 * @param connectionFactory the connections to Redis, already started; the bus does not close it
	 * @param includeOwners whether the events sent carry the locks' owners, so that the other instances receive live
	 * locks that may release and refresh what this one acquired; owners are credentials, and every client that can
	 * subscribe to the channel reads them. {@code false} sends the owners' fingerprints instead.
	 * @throws IllegalArgumentException if {@code connectionFactory} is {@code null}
	 */
	public RedisLockEventBus(RedisConnectionFactory connectionFactory, boolean includeOwners) {
		this(connectionFactory, includeOwners, Ticker.system(), DROP_REPORT_INTERVAL);
	}

	RedisLockEventBus(RedisConnectionFactory connectionFactory, boolean includeOwners, Ticker ticker,
			Duration dropReportInterval) {
		if (connectionFactory == null) {
			throw new IllegalArgumentException("connectionFactory must not be null");
		}
		this.includeOwners = includeOwners;
		this.ticker = ticker;
		this.dropReportInterval = dropReportInterval;
		this.connectionFactory = connectionFactory;
		this.redis = new StringRedisTemplate(connectionFactory);
		this.publisher = singleThread("distlock-redis-event-publisher");
		this.delivery = singleThread("distlock-redis-event-delivery");
	}

	/**
	 * The channel on which the lock events of a namespace travel.
	 * @param namespace the providers' namespace
	 * @return {@value #CHANNEL_PREFIX} followed by {@code namespace.root()}
	 * @throws IllegalArgumentException if {@code namespace} is {@code null}
	 */
	public static String channel(Namespace namespace) {
		if (namespace == null) {
			throw new IllegalArgumentException("namespace must not be null");
		}
		return CHANNEL_PREFIX + namespace.root();
	}

	/**
	 * Binds the bus to the provider built with it, and starts subscribing to its namespace's channel in the
	 * background.
	 * @param provider the provider
	 * @throws IllegalStateException if the bus serves another provider already
	 */
	@Override
	public synchronized void bind(LockProvider provider) {
		if (this.provider != null) {
			throw new IllegalStateException("This RedisLockEventBus serves a provider already; give each provider a bus "
					+ "of its own");
		}
		String eventsChannel = channel(provider.getNamespace());
		this.provider = provider;
		this.channel = eventsChannel;
		logger.info("Lock events of namespace '{}' travel between instances on Redis channel '{}'; this instance is "
				+ "'{}'; its events carry {}", provider.getNamespace(), eventsChannel, provider.getInstanceId(),
				this.includeOwners ? "the locks' owners, their credentials" : "owners' fingerprints, not owners");
		if (!this.closed) {
			this.subscription = new ChannelSubscription(this.connectionFactory, eventsChannel, "events",
					"events of other instances are missed until it works", this::received);
		}
	}

	/**
	 * Delivers the event to this instance's listeners, then, if this instance's provider fired it, publishes it for
	 * the other instances in the background.
	 * @param event the event
	 */
	@Override
	public void publish(LockEvent event) {
		this.local.publish(event);
		LockProvider bound = this.provider;
		String eventsChannel = this.channel;
		if (bound == null || eventsChannel == null || this.closed || !event.origin().equals(bound.getInstanceId())) {
			return;
		}
		String payload = LockEventCodec.encode(event, this.includeOwners);
		execute(this.publisher, () -> send(eventsChannel, payload));
	}

	@Override
	public <E extends LockEvent> void addListener(Class<E> eventType, LockEventListener<? super E> listener) {
		this.local.addListener(eventType, listener);
	}

	@Override
	public <E extends LockEvent> void removeListener(Class<E> eventType, LockEventListener<? super E> listener) {
		this.local.removeListener(eventType, listener);
	}

	/**
	 * Tells whether the events this bus sends carry the locks' owners rather than their fingerprints.
	 * @return {@code true} if owners are sent
	 */
	public boolean includesOwners() {
		return this.includeOwners;
	}

	/**
	 * Tells whether the bus is subscribed to its channel, so that events of other instances arrive; for health checks
	 * and tests. It turns true shortly after the provider is built when Redis is up.
	 * @return whether other instances' events are being heard
	 */
	public boolean isSubscribed() {
		ChannelSubscription current = this.subscription;
		return current != null && current.isSubscribed();
	}

	/**
	 * Stops the subscription and the bus's threads, after giving events still to be published a moment to go out.
	 * Events fired afterwards are delivered locally only. Does not close the connection factory. Idempotent.
	 */
	@Override
	public void close() {
		ChannelSubscription current;
		synchronized (this) {
			this.closed = true;
			current = this.subscription;
			this.subscription = null;
		}
		if (current != null) {
			current.close();
		}
		this.delivery.shutdownNow();
		reportDrops(true);
		this.publisher.shutdown();
		try {
			if (!this.publisher.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.publisher.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			this.publisher.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return "RedisLockEventBus[channel=" + this.channel + "]";
	}

	// On Lettuce's thread: never block it, hand the message over.
	private void received(byte[] body) {
		if (body.length > MAX_MESSAGE_BYTES) {
			// Counted on the delivery thread, with the rest; the body is not kept.
			String reason = "it has " + body.length + " bytes, more than " + MAX_MESSAGE_BYTES;
			execute(this.delivery, () -> drop(reason));
			return;
		}
		execute(this.delivery, () -> deliver(body));
	}

	private void deliver(byte[] body) {
		LockProvider bound = this.provider;
		if (bound == null || this.closed) {
			return;
		}
		LockEvent event;
		try {
			event = LockEventCodec.decode(utf8(body), bound);
		}
		catch (IllegalArgumentException ex) {
			drop(ex.getMessage());
			return;
		}
		reportDrops(false);
		if (event.origin().equals(bound.getInstanceId())) {
			// Our own, delivered locally when it was fired.
			return;
		}
		this.local.publish(event);
	}

	private void send(String eventsChannel, String payload) {
		try {
			this.redis.convertAndSend(eventsChannel, payload);
		}
		catch (RuntimeException ex) {
			if (!this.publishFailing) {
				logger.warn("Cannot publish lock events on Redis channel '{}' ({}); other instances miss them until it "
						+ "works", eventsChannel, ex.toString());
			}
			else {
				logger.debug("Still cannot publish lock events on Redis channel '{}'", eventsChannel, ex);
			}
			this.publishFailing = true;
			return;
		}
		if (this.publishFailing) {
			logger.info("Publishing lock events on Redis channel '{}' again", eventsChannel);
		}
		this.publishFailing = false;
	}

	private void execute(ThreadPoolExecutor executor, Runnable task) {
		if (this.closed) {
			return;
		}
		try {
			executor.execute(task);
		}
		catch (RejectedExecutionException ex) {
			if (this.closed) {
				return;
			}
			long count = this.dropped.incrementAndGet();
			// Once, then every thousandth: a queue this full means Redis is slow, and a line per event helps nobody.
			if (count == 1 || count % 1000 == 0) {
				logger.warn("Lock event queue of {} is full: {} events dropped so far", this, count);
			}
		}
	}

	/**
	 * How many messages on the channel were dropped as not being lock events of this namespace; for tests.
	 * @return the count since the bus was created
	 */
	long droppedMessages() {
		return this.droppedMessages.get();
	}

	private void drop(@Nullable String reason) {
		this.droppedMessages.incrementAndGet();
		// No stack trace: the message is the sender's fault, and the subscription carries on. Any client of the Redis
		// server may publish here, so a line per message would let it flood the log: the first is logged, then a
		// count at most once an interval.
		synchronized (this.dropLog) {
			long now = this.ticker.read();
			if (this.dropsReported && now - this.lastDropReport < this.dropReportInterval.toNanos()) {
				this.unreportedDrops++;
				this.lastDropReason = reason;
				logger.debug("Dropped a message on Redis channel '{}' that is not a lock event of this namespace: {}",
						this.channel, reason);
				return;
			}
			long count = this.unreportedDrops + 1;
			if (count == 1) {
				logger.warn("Dropped a message on Redis channel '{}' that is not a lock event of this namespace: {}; "
						+ "further ones are counted and logged at most once every {}", this.channel, reason,
						this.dropReportInterval);
			}
			else {
				logger.warn("Dropped {} messages on Redis channel '{}' that are not lock events of this namespace in "
						+ "the last {}; the last one: {}", count, this.channel,
						Duration.ofNanos(now - this.lastDropReport), reason);
			}
			this.dropsReported = true;
			this.unreportedDrops = 0;
			this.lastDropReason = null;
			this.lastDropReport = now;
		}
	}

	// The count of drops not logged yet, once their interval is over (or at once, on close): a burst of garbage that
	// stops is still reported when the next event arrives.
	private void reportDrops(boolean now) {
		synchronized (this.dropLog) {
			long time = this.ticker.read();
			if (this.unreportedDrops == 0
					|| (!now && time - this.lastDropReport < this.dropReportInterval.toNanos())) {
				return;
			}
			String dropped = (this.unreportedDrops == 1) ? "a message on Redis channel '{}' that is not a lock event"
					: this.unreportedDrops + " messages on Redis channel '{}' that are not lock events";
			logger.warn("Dropped " + dropped + " of this namespace in the last {}; the last one: {}", this.channel,
					Duration.ofNanos(time - this.lastDropReport), this.lastDropReason);
			this.unreportedDrops = 0;
			this.lastDropReason = null;
			this.lastDropReport = time;
		}
	}

	private static String utf8(byte[] body) {
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(body))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new IllegalArgumentException("not UTF-8 text");
		}
	}

	private static ThreadPoolExecutor singleThread(String name) {
		return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(QUEUE_CAPACITY),
				(task) -> {
					Thread thread = new Thread(task, name);
					thread.setDaemon(true);
					return thread;
				});
	}

}
