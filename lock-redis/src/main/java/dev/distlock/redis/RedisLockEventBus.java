package dev.distlock.redis;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;

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
 * not subscribed (starting, disconnected, Redis down). Publishing and delivering happen on threads of the bus's own,
 * never in the lock operation, which a slow or absent Redis therefore never delays or fails. Received events reach
 * listeners on the delivery thread, in the order they were published by each instance.
 *
 * <p>Publishing is batched: the publisher thread takes every event queued since its last round, up to
 * {@value #MAX_BATCH}, and sends them pipelined, all {@code PUBLISH} commands before the first reply is awaited (see
 * {@link ChannelPublisher}), waiting at most {@link #PUBLISH_TIMEOUT} for the replies of a batch. At a low rate a batch
 * is one event; under load a round trip carries hundreds, so the bus keeps up with tens of thousands of events a
 * second. Both queues, of events to publish and of messages received and not yet delivered, are bounded (at most
 * {@value #QUEUE_CAPACITY} events and {@value #QUEUE_BYTES} bytes of messages each), so a slow or absent Redis or slow
 * listeners never hold memory without bound: what does not fit is dropped. Every event lost this way, or by a publish
 * that Redis failed or did not answer in time, or still queued when the bus closes, is counted
 * ({@link #getDroppedEventCount()}) and logged rate-limited: the first at WARN at once, later ones counted and logged
 * at most once a minute with the count and the last reason (each at DEBUG).
 *
 * <p>Every message that is not a lock event of this namespace in {@linkplain LockEventCodec the bus's format}
 * (malformed, unknown type, another namespace, a value the API would refuse) is dropped, and the subscription goes on;
 * it is counted ({@link #getGarbageMessageCount()}) and logged the same way, so that a flood of garbage is a few
 * lines, not one per message. A {@link dev.distlock.event.LockUnexpectedErrorEvent} from another instance carries a
 * {@link RemoteLockException}.
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

	/**
	 * How many events each queue holds at most: a second at 20,000 events a second, room for a burst or a slow round
	 * trip; beyond it events are dropped rather than held in memory without bound.
	 */
	static final int QUEUE_CAPACITY = 20_000;

	/** How many bytes of messages each queue holds at most, whatever their number: {@value}. */
	static final int QUEUE_BYTES = 16 * 1024 * 1024;

	/** How many events one pipelined round trip carries at most. */
	static final int MAX_BATCH = 500;

	/** How long the replies to one batch are awaited at most; those still missing then count as dropped. */
	static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(2);

	/** How often, at most, dropped events and dropped messages are each logged at WARN. */
	static final Duration DROP_REPORT_INTERVAL = Duration.ofMinutes(1);

	private static final Logger logger = LoggerFactory.getLogger(RedisLockEventBus.class);

	private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

	private final LocalLockEventBus local = new LocalLockEventBus();

	private final RedisConnectionFactory connectionFactory;

	private final ChannelPublisher channelPublisher;

	private final BatchWorker<String> publisher;

	private final BatchWorker<Received> delivery;

	private final boolean includeOwners;

	private final Duration dropReportInterval;

	private final RateLimitedLog droppedEvents;

	private final RateLimitedLog garbage;

	private volatile @Nullable LockProvider provider;

	private volatile @Nullable String channel;

	private volatile @Nullable OriginField ownOrigin;

	private final AtomicLong queuedMessages = new AtomicLong();

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
		this.dropReportInterval = dropReportInterval;
		this.connectionFactory = connectionFactory;
		this.channelPublisher = new ChannelPublisher(connectionFactory, PUBLISH_TIMEOUT);
		this.droppedEvents = new RateLimitedLog(logger, ticker, dropReportInterval, new DroppedEventLines());
		this.garbage = new RateLimitedLog(logger, ticker, dropReportInterval, new GarbageLines());
		// Payloads are ASCII but for non-ASCII keys and messages: their length is about their size.
		this.publisher = new BatchWorker<>("distlock-redis-event-publisher", QUEUE_CAPACITY, QUEUE_BYTES, MAX_BATCH,
				String::length, this::send);
		this.delivery = new BatchWorker<>("distlock-redis-event-delivery", QUEUE_CAPACITY, QUEUE_BYTES, MAX_BATCH,
				Received::size, (batch) -> batch.forEach(this::deliver));
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
		this.ownOrigin = OriginField.of(provider.getInstanceId());
		this.provider = provider;
		this.channel = eventsChannel;
		logger.info("Lock events of namespace '{}' travel between instances on Redis channel '{}'; this instance is "
				+ "'{}'; its events carry {}", provider.getNamespace(), eventsChannel, provider.getInstanceId(),
				this.includeOwners ? "the locks' owners, their credentials" : "owners' fingerprints, not owners");
		if (!this.closed) {
			// The publisher's connection is opened now, in the background: the first events need not wait for it.
			this.publisher.start(this.channelPublisher::connect);
			this.subscription = new ChannelSubscription(this.connectionFactory, eventsChannel, "events",
					"events of other instances are missed until it works", this::received);
		}
	}

	/**
	 * Delivers the event to this instance's listeners, then, if this instance's provider fired it, queues it to be
	 * published for the other instances in the background; if the queue is full, it is dropped and counted.
	 * @param event the event
	 */
	@Override
	public void publish(LockEvent event) {
		this.local.publish(event);
		LockProvider bound = this.provider;
		if (bound == null || this.closed || !event.origin().equals(bound.getInstanceId())) {
			return;
		}
		// Encoded now, in the caller's thread: the event's lock may change state before the publisher sends it.
		String payload = LockEventCodec.encode(event, this.includeOwners);
		if (!this.publisher.offer(payload) && !this.closed) {
			this.droppedEvents.record(1, "the queue of events to publish is full (" + QUEUE_CAPACITY
					+ " events or " + QUEUE_BYTES + " bytes waiting: Redis is slow or unreachable)");
		}
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
	 * How many lock events this bus has lost since it was created: events of this instance not published because the
	 * queue of events to publish was full, because Redis failed the publish or did not confirm it in time (such an
	 * event may still have gone out), or because the bus closed before they went out; and events of other instances
	 * received but not delivered because the queue of received messages was full. Events missed while the bus was not
	 * subscribed are not counted: nothing here knows of them. Starts at zero, never decreases; the starter binds it as
	 * the meter {@code distlock.events.dropped}.
	 * @return the count
	 */
	public long getDroppedEventCount() {
		return this.droppedEvents.total();
	}

	/**
	 * How many messages received on the channel were dropped as not being lock events of this namespace in the bus's
	 * format (malformed, too long, of another namespace or version, with a value the API would refuse). Any client of
	 * the Redis server may publish on the channel: a growing count means one does, or an instance of another version.
	 * Starts at zero, never decreases; the starter binds it as the meter {@code distlock.events.garbage}.
	 * @return the count
	 */
	public long getGarbageMessageCount() {
		return this.garbage.total();
	}

	/**
	 * Stops the subscription and the bus's threads, after giving events still to be published a moment to go out;
	 * those that do not are counted as dropped. Events fired afterwards are delivered locally only. Does not close
	 * the connection factory. Idempotent.
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
		// Received but not delivered: the listeners are going away with the bus.
		this.delivery.close(Duration.ZERO);
		this.garbage.flush(true);
		int unsent = this.publisher.close(CLOSE_WAIT);
		if (unsent > 0) {
			this.droppedEvents.record(unsent, "the bus closed before they were published");
		}
		this.droppedEvents.flush(true);
	}

	/** How many received messages were handed to the delivery thread (or dropped as it was full), for tests. */
	long queuedMessageCount() {
		return this.queuedMessages.get();
	}

	@Override
	public String toString() {
		return "RedisLockEventBus[channel=" + this.channel + "]";
	}

	// On Lettuce's thread: never block it, hand the message over.
	private void received(byte[] body) {
		OriginField own = this.ownOrigin;
		if (own != null && body.length <= MAX_MESSAGE_BYTES && own.isIn(body)) {
			// Our own, come back from Redis: delivered locally when it was fired.
			return;
		}
		// An oversized body is counted on the delivery thread, in order with the rest, but not kept.
		Received message = (body.length > MAX_MESSAGE_BYTES) ? new Received(null, body.length)
				: new Received(body, body.length);
		this.queuedMessages.incrementAndGet();
		if (!this.delivery.offer(message) && !this.closed) {
			this.droppedEvents.record(1, "the queue of received messages is full (" + QUEUE_CAPACITY
					+ " messages or " + QUEUE_BYTES + " bytes waiting: the listeners are slow)");
		}
	}

	private void deliver(Received message) {
		LockProvider bound = this.provider;
		if (bound == null || this.closed) {
			return;
		}
		byte[] body = message.body();
		if (body == null) {
			dropGarbage("it has " + message.size() + " bytes, more than " + MAX_MESSAGE_BYTES);
			return;
		}
		LockEvent event;
		try {
			event = LockEventCodec.decode(utf8(body), bound);
		}
		catch (IllegalArgumentException ex) {
			dropGarbage(String.valueOf(ex.getMessage()));
			return;
		}
		// A burst of garbage that stopped is reported with the next event once its interval is over.
		this.garbage.flush(false);
		if (event.origin().equals(bound.getInstanceId())) {
			// Our own, delivered locally when it was fired.
			return;
		}
		this.local.publish(event);
	}

	// On the publisher thread.
	private void send(List<String> payloads) {
		String eventsChannel = this.channel;
		if (eventsChannel == null) {
			// Only a bound bus queues events: not reached.
			return;
		}
		ChannelPublisher.Outcome outcome = this.channelPublisher.publish(eventsChannel, payloads);
		if (outcome.failed() > 0) {
			this.droppedEvents.record(outcome.failed(), "Redis did not publish " + ((outcome.failed() == 1) ? "it" : "them")
					+ " (" + outcome.failure() + ")");
			this.publishFailing = true;
			return;
		}
		if (this.publishFailing) {
			logger.info("Publishing lock events on Redis channel '{}' again", eventsChannel);
		}
		this.publishFailing = false;
		// Drops that stopped are reported once their interval is over.
		this.droppedEvents.flush(false);
	}

	// No stack trace: the message is the sender's fault, and the subscription carries on. Any client of the Redis
	// server may publish here, so a line per message would let it flood the log.
	private void dropGarbage(String reason) {
		this.garbage.record(1, reason);
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

	/** A message received: its body, or {@code null} for one too long to keep. */
	private record Received(byte @Nullable [] body, int size) {
	}

	/** The lines about this instance's events lost. */
	private final class DroppedEventLines implements RateLimitedLog.Lines {

		@Override
		public String first(long count, String reason) {
			return each(count, reason) + "; other instances miss " + ((count == 1) ? "it" : "them")
					+ ". Further drops are counted and logged at most once every "
					+ RedisLockEventBus.this.dropReportInterval;
		}

		@Override
		public String each(long count, String reason) {
			return "Lost " + events(count) + " on Redis channel '" + RedisLockEventBus.this.channel + "': " + reason;
		}

		@Override
		public String summary(long count, Duration over, String lastReason) {
			return "Lost " + events(count) + " on Redis channel '" + RedisLockEventBus.this.channel + "' in the last "
					+ over + "; the last because " + lastReason;
		}

		private static String events(long count) {
			return (count == 1) ? "a lock event" : count + " lock events";
		}

	}

	/** The lines about messages on the channel that are no lock events of this namespace. */
	private final class GarbageLines implements RateLimitedLog.Lines {

		@Override
		public String first(long count, String reason) {
			return each(count, reason) + "; further ones are counted and logged at most once every "
					+ RedisLockEventBus.this.dropReportInterval;
		}

		@Override
		public String each(long count, String reason) {
			return "Dropped a message on Redis channel '" + RedisLockEventBus.this.channel
					+ "' that is not a lock event of this namespace: " + reason;
		}

		@Override
		public String summary(long count, Duration over, String lastReason) {
			String dropped = (count == 1) ? "a message on Redis channel '" + RedisLockEventBus.this.channel
					+ "' that is not a lock event"
					: count + " messages on Redis channel '" + RedisLockEventBus.this.channel
							+ "' that are not lock events";
			return "Dropped " + dropped + " of this namespace in the last " + over + "; the last one: " + lastReason;
		}

	}

}
