package dev.distlock.redis;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter's ears for grants: one pub/sub connection of its own, subscribed to this process's grant channel of
 * each cluster slot on which it has waiters ({@link LockKeys#grantChannel}), with sharded pub/sub ({@code SSUBSCRIBE};
 * plain {@code SUBSCRIBE} on a Redis before 7), so that a grant reaches the waiting process only and, on Redis
 * Cluster, only through the slot's node.
 *
 * <p>Liveness comes from the connection itself: a thread of its own sends {@code PING} on it every second. A ping
 * that fails or is not answered within the command timeout marks the subscription down ({@link #isAlive()}), and the
 * connection is replaced and subscribed again, with a growing delay while Redis stays away. Lettuce's own
 * reconnection (after {@code CLIENT KILL TYPE pubsub}, say) subscribes again by itself; either way, messages may have
 * been missed meanwhile, so {@code onMaybeMissed} runs, and waiters try again instead of waiting out their poll.
 *
 * <p>A channel stays subscribed for a while after its last waiter left, so that a key contended on and off does not
 * subscribe and unsubscribe for every wait. Messages are handled on Lettuce's thread: the handlers must never block.
 */
final class GrantSubscription implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(GrantSubscription.class);

	private static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

	private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

	private static final long LINGER_NANOS = Duration.ofSeconds(30).toNanos();

	private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

	private final AbstractRedisClient client;

	private final Duration timeout;

	private final BiConsumer<String, String> onMessage;

	private final Runnable onMaybeMissed;

	// What the messages are, for the logs and the thread's name: "grant", or "release" for semaphores and read-write
	// locks.
	private final String purpose;

	private final ScheduledExecutorService supervisor;

	// Channel -> how many waits use it, and since when none has; guarded by the map's per-key compute.
	private final ConcurrentHashMap<String, Use> channels = new ConcurrentHashMap<>();

	private final AtomicLong received = new AtomicLong();

	private volatile @Nullable StatefulRedisPubSubConnection<String, String> connection;

	private volatile boolean alive;

	// System.nanoTime() of the send of the latest call on the connection whose answer has arrived (a ping, a
	// subscribe): Redis wrote any message that arrives after that answer after it ran that call.
	private volatile long answeredSince = System.nanoTime();

	private volatile boolean closed;

	// Cleared when Redis refuses SSUBSCRIBE (before 7): the scripts then fall back to PUBLISH as well.
	private volatile boolean sharded = true;

	// Touched by the supervisor thread only.
	private int failures;

	private long nextConnectAt;

	/**
	 * Starts connecting in the background.
	 * @param client Lettuce's client, standalone (or Sentinel) or cluster
	 * @param timeout how long a subscribe or ping may take
	 * @param onMessage handles each message (channel, body), on Lettuce's thread
	 * @param onMaybeMissed runs when messages may have been missed (the connection was lost and is back)
	 */
	GrantSubscription(AbstractRedisClient client, Duration timeout, BiConsumer<String, String> onMessage,
			Runnable onMaybeMissed) {
		this(client, timeout, "grant", onMessage, onMaybeMissed);
	}

	/**
	 * Starts connecting in the background, for messages of another kind than grants.
	 * @param client Lettuce's client, standalone (or Sentinel) or cluster
	 * @param timeout how long a subscribe or ping may take
	 * @param purpose what the messages are, for the logs and the thread's name, for example {@code "release"}
	 * @param onMessage handles each message (channel, body), on Lettuce's thread
	 * @param onMaybeMissed runs when messages may have been missed (the connection was lost and is back)
	 */
	GrantSubscription(AbstractRedisClient client, Duration timeout, String purpose,
			BiConsumer<String, String> onMessage, Runnable onMaybeMissed) {
		this.purpose = purpose;
		this.client = client;
		this.timeout = timeout;
		this.onMessage = onMessage;
		this.onMaybeMissed = onMaybeMissed;
		this.supervisor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "distlock-redis-" + purpose + "-subscriber");
			thread.setDaemon(true);
			return thread;
		});
		this.supervisor.execute(this::supervise);
	}

	/**
	 * Tells whether grants are being heard: the connection is open and answered its last ping.
	 * @return whether the subscription is alive
	 */
	boolean isAlive() {
		StatefulRedisPubSubConnection<String, String> current = this.connection;
		return this.alive && !this.closed && current != null && current.isOpen();
	}

	/**
	 * How many messages arrived so far, for diagnostics.
	 * @return the count
	 */
	long receivedCount() {
		return this.received.get();
	}

	/**
	 * A time before which no grant announced on {@code channel} and received now can have happened: on one connection
	 * Redis writes in order, so a message that arrives after the answer to a call happened after that call was sent.
	 * With Redis Cluster a shard channel's messages come on its node's connection, which is not pinged: then the send
	 * of that channel's own subscribe is the bound.
	 * @param channel the channel the message came on
	 * @return {@link System#nanoTime()} of that send
	 */
	long heardSince(String channel) {
		if (this.client instanceof RedisClusterClient) {
			Use use = this.channels.get(channel);
			return (use != null) ? use.subscribedAt : this.answeredSince;
		}
		return this.answeredSince;
	}

	/**
	 * Starts using {@code channel}: subscribes to it if nobody here does yet, waiting for Redis's confirmation at
	 * most the timeout, so that a grant announced after this returns is heard. A failure only means polling: the
	 * supervisor subscribes later.
	 * @param channel the grant channel
	 */
	void use(String channel) {
		Use use = this.channels.compute(channel, (name, existing) -> {
			Use counted = (existing != null) ? existing : new Use();
			counted.waits++;
			return counted;
		});
		if (!use.subscribed) {
			subscribe(channel, use);
		}
	}

	/** Whether Redis confirmed the subscription to {@code channel}, for tests that must not release before it. */
	boolean isSubscribedTo(String channel) {
		Use use = this.channels.get(channel);
		return use != null && use.subscribed;
	}

	/**
	 * Stops using {@code channel}; it is unsubscribed a while after its last user stopped.
	 * @param channel the grant channel, as given to {@link #use}
	 */
	void stopUsing(String channel) {
		this.channels.computeIfPresent(channel, (name, use) -> {
			use.waits--;
			if (use.waits == 0) {
				use.idleSince = System.nanoTime();
			}
			return use;
		});
	}

	@Override
	public void close() {
		this.closed = true;
		this.supervisor.shutdownNow();
		try {
			if (!this.supervisor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Redis {} subscription did not stop within {}", this.purpose, CLOSE_WAIT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		closeQuietly(this.connection);
		this.connection = null;
		this.alive = false;
	}

	private void subscribe(String channel, Use use) {
		// One subscribe of a channel in flight at a time (a waiter's and the supervisor's): a second confirmation
		// would read as a lost subscription, waking every waiter for nothing.
		// A subscribe that was in flight on a connection replaced meanwhile does not count.
		synchronized (use) {
			if (!use.subscribed || use.subscribedOn != this.connection) {
				subscribeNow(channel, use);
			}
		}
	}

	private void subscribeNow(String channel, Use use) {
		StatefulRedisPubSubConnection<String, String> current = this.connection;
		if (current == null || !this.alive) {
			return;
		}
		try {
			long sent = System.nanoTime();
			if (this.sharded) {
				current.async().ssubscribe(channel).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			else {
				current.async().subscribe(channel).get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			}
			use.subscribedAt = sent;
			use.subscribedOn = current;
			use.subscribed = true;
			answered(sent);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			if (this.sharded && String.valueOf(ex.getMessage()).contains("unknown command")) {
				logger.info("Redis has no sharded pub/sub (before 7.0): {} messages are heard through plain pub/sub",
						this.purpose);
				this.sharded = false;
				subscribeNow(channel, use);
				return;
			}
			logger.debug("Cannot subscribe to the {} channel yet; waiters poll meanwhile", this.purpose, ex);
		}
	}

	// Runs on the supervisor thread only, and schedules its next run there.
	private void supervise() {
		if (this.closed) {
			return;
		}
		try {
			check();
		}
		catch (RuntimeException ex) {
			logger.debug("Redis {} subscription check failed", this.purpose, ex);
		}
		try {
			this.supervisor.schedule(this::supervise, CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Closed meanwhile: nothing left to supervise.
		}
	}

	private void check() {
		StatefulRedisPubSubConnection<String, String> current = this.connection;
		if (current == null) {
			if (System.nanoTime() - this.nextConnectAt >= 0) {
				connect();
			}
			return;
		}
		if (ping(current)) {
			if (!this.alive) {
				this.alive = true;
				resubscribeAll();
				recovered();
			}
			else {
				subscribeMissing();
			}
			unsubscribeIdle(current);
			return;
		}
		// Open or not, a connection that does not answer hears nothing: replace it.
		boolean wasAlive = this.alive;
		this.alive = false;
		if (wasAlive) {
			logger.warn("Redis {} subscription stopped answering; blocked acquires poll until it is back",
					this.purpose);
		}
		closeQuietly(current);
		this.connection = null;
		this.channels.values().forEach((use) -> use.subscribed = false);
		backOff();
	}

	private void connect() {
		StatefulRedisPubSubConnection<String, String> created = null;
		try {
			created = open();
			created.addListener(new Listener());
			this.connection = created;
			this.alive = true;
			resubscribeAll();
			recovered();
		}
		catch (RuntimeException ex) {
			closeQuietly(created);
			this.connection = null;
			this.alive = false;
			if (this.failures == 0) {
				logger.warn("Cannot subscribe to Redis {} messages ({}); blocked acquires poll until it works, retrying",
						this.purpose, ex.toString());
			}
			backOff();
		}
	}

	private StatefulRedisPubSubConnection<String, String> open() {
		if (this.client instanceof RedisClusterClient cluster) {
			return cluster.connectPubSub(StringCodec.UTF8);
		}
		if (this.client instanceof RedisClient standalone) {
			return standalone.connectPubSub(StringCodec.UTF8);
		}
		throw new IllegalStateException("Unsupported Lettuce client " + this.client.getClass().getName());
	}

	private void recovered() {
		if (this.failures > 0) {
			logger.info("Subscribed to Redis {} messages again", this.purpose);
		}
		this.failures = 0;
		// Grants announced while nobody listened are lost: every waiter tries again now.
		this.onMaybeMissed.run();
	}

	private void backOff() {
		this.failures++;
		long delay = Math.min(MAX_RETRY_DELAY.toMillis(), 100L << Math.min(this.failures, 7));
		this.nextConnectAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delay);
	}

	private boolean ping(StatefulRedisPubSubConnection<String, String> current) {
		if (!current.isOpen()) {
			return false;
		}
		try {
			long sent = System.nanoTime();
			current.async().ping().get(this.timeout.toMillis(), TimeUnit.MILLISECONDS);
			answered(sent);
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
		catch (Exception ex) {
			return false;
		}
	}

	private void answered(long sent) {
		// Answers of concurrent calls may arrive out of the order they were sent in: keep the latest send.
		long previous = this.answeredSince;
		if (sent - previous > 0) {
			this.answeredSince = sent;
		}
	}

	private void resubscribeAll() {
		this.channels.values().forEach((use) -> use.subscribed = false);
		subscribeMissing();
	}

	private void subscribeMissing() {
		this.channels.forEach((channel, use) -> {
			if (!use.subscribed && use.waits > 0) {
				subscribe(channel, use);
			}
		});
	}

	private void unsubscribeIdle(StatefulRedisPubSubConnection<String, String> current) {
		long now = System.nanoTime();
		this.channels.forEach((channel, use) -> {
			if (use.waits == 0 && now - use.idleSince > LINGER_NANOS) {
				// Sent inside the compute: a wait that starts using the channel meanwhile creates a new entry after
				// this one is gone, and its SSUBSCRIBE follows this SUNSUBSCRIBE on the same connection.
				this.channels.computeIfPresent(channel, (name, idle) -> {
					if (idle.waits > 0) {
						return idle;
					}
					if (this.sharded) {
						current.async().sunsubscribe(channel);
					}
					else {
						current.async().unsubscribe(channel);
					}
					return null;
				});
			}
		});
	}

	private static void closeQuietly(@Nullable StatefulRedisPubSubConnection<String, String> connection) {
		if (connection == null) {
			return;
		}
		try {
			connection.closeAsync();
		}
		catch (RuntimeException ex) {
			logger.debug("Failed to close a Redis subscription's connection", ex);
		}
	}

	/** How one channel is used. */
	private static final class Use {

		volatile int waits;

		long idleSince;

		volatile boolean subscribed;

		// The connection of the subscribe that Redis confirmed last.
		volatile @Nullable Object subscribedOn;

		// System.nanoTime() of the send of the subscribe that Redis confirmed last.
		volatile long subscribedAt = System.nanoTime();

		// Confirmations Redis sent for this channel; touched on Lettuce's thread only.
		int confirmations;

	}

	private final class Listener extends RedisPubSubAdapter<String, String> {

		@Override
		public void smessage(String channel, String message) {
			deliver(channel, message);
		}

		@Override
		public void message(String channel, String message) {
			deliver(channel, message);
		}

		@Override
		public void ssubscribed(String channel, long count) {
			resubscribed(channel);
		}

		@Override
		public void subscribed(String channel, long count) {
			resubscribed(channel);
		}

		// Redis ends a shard channel's subscription when its slot moves to another node (Cluster): subscribe again.
		@Override
		public void sunsubscribed(String channel, long count) {
			unsubscribed(channel, count);
		}

		@Override
		public void unsubscribed(String channel, long count) {
			Use use = GrantSubscription.this.channels.get(channel);
			if (use != null) {
				use.subscribed = false;
			}
		}

		private void deliver(String channel, String message) {
			GrantSubscription.this.received.incrementAndGet();
			GrantSubscription.this.onMessage.accept(channel, message);
		}

		// A second confirmation means a subscription again: Lettuce's after it reconnected by itself, or ours on a
		// new connection. What was announced in between is lost.
		private void resubscribed(String channel) {
			Use use = GrantSubscription.this.channels.get(channel);
			if (use != null && use.confirmations++ > 0) {
				GrantSubscription.this.onMaybeMissed.run();
			}
		}

	}

}
