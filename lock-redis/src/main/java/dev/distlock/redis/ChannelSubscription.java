package dev.distlock.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.ConnectionUtils;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * One resilient subscription to one pub/sub channel: the adapter's to its release channel (every message names a
 * released key), the event bus's to its events channel.
 *
 * <p>One dedicated pub/sub connection, whatever the number of locks, waiters and listeners. It is best effort: while it
 * is down, messages are missed, and its user must cope (blocked acquires poll; remote events are simply lost).
 * <ul>
 * <li>Subscribing happens on a thread of its own, never in the caller's, so a Redis that is down when the
 * application starts delays nothing. That thread checks the subscription every few seconds and subscribes again,
 * with a growing delay, while it is missing.</li>
 * <li>Once subscribed, Lettuce reconnects and re-subscribes by itself after a connection loss.</li>
 * <li>Messages are handled on Lettuce's thread: the handler must never block.</li>
 * </ul>
 * Only asynchronous clients (Lettuce) subscribe: a blocking client's subscribe would hold the thread forever, so with
 * one there is no subscription.
 *
 * <p>Spring's {@code RedisMessageListenerContainer} is not used: it gives up for good when its first subscription
 * fails, and logs every retry at error level with a stack trace.
 */
final class ChannelSubscription implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ChannelSubscription.class);

	private static final Duration CHECK_INTERVAL = Duration.ofSeconds(5);

	private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(200);

	private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(10);

	private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

	private final RedisConnectionFactory connectionFactory;

	private final String channel;

	private final String purpose;

	private final String whileDown;

	private final MessageListener listener;

	private final ScheduledExecutorService supervisor;

	private volatile @Nullable RedisConnection connection;

	private volatile boolean closed;

	// Touched by the supervisor thread only.
	private Duration retryDelay = FIRST_RETRY_DELAY;

	private boolean failing;

	/**
	 * Starts subscribing in the background.
	 * @param connectionFactory the connections to Redis
	 * @param channel the channel
	 * @param purpose what the channel carries, for logs and the thread's name, for example {@code "release"}
	 * @param whileDown what the missing subscription means, for the warning, for example {@code "blocked acquires
	 * poll until it works"}
	 * @param onMessage handles each message's body, on Lettuce's thread
	 */
	ChannelSubscription(RedisConnectionFactory connectionFactory, String channel, String purpose, String whileDown,
			Consumer<byte[]> onMessage) {
		this.connectionFactory = connectionFactory;
		this.channel = channel;
		this.purpose = purpose;
		this.whileDown = whileDown;
		this.listener = (message, pattern) -> onMessage.accept(message.getBody());
		this.supervisor = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "distlock-redis-" + purpose + "-subscriber");
			thread.setDaemon(true);
			return thread;
		});
		if (ConnectionUtils.isAsync(connectionFactory)) {
			this.supervisor.execute(this::supervise);
		}
		else {
			logger.info("Redis {} messages need Lettuce; with {}, distlock does not subscribe to '{}'", purpose,
					connectionFactory.getClass().getName(), channel);
		}
	}

	/**
	 * Tells whether the subscription is established; while Lettuce reconnects after a loss it still says yes.
	 * @return whether messages are being heard
	 */
	boolean isSubscribed() {
		RedisConnection subscribed = this.connection;
		return !this.closed && subscribed != null && subscribed.isSubscribed();
	}

	@Override
	public void close() {
		this.closed = true;
		this.supervisor.shutdownNow();
		try {
			if (!this.supervisor.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Redis {} subscription to '{}' did not stop within {}", this.purpose, this.channel,
						CLOSE_WAIT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		// The supervisor has stopped: nothing else touches the connection now.
		closeQuietly(this.connection);
		this.connection = null;
	}

	// Runs on the supervisor thread only, and schedules its next run there.
	private void supervise() {
		if (this.closed) {
			return;
		}
		Duration next = CHECK_INTERVAL;
		if (!isSubscribed() && !subscribe()) {
			next = this.retryDelay;
			Duration doubled = this.retryDelay.multipliedBy(2);
			this.retryDelay = (doubled.compareTo(MAX_RETRY_DELAY) < 0) ? doubled : MAX_RETRY_DELAY;
		}
		try {
			this.supervisor.schedule(this::supervise, next.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Closed meanwhile: nothing left to supervise.
		}
	}

	private boolean subscribe() {
		closeQuietly(this.connection);
		this.connection = null;
		RedisConnection candidate = null;
		try {
			candidate = this.connectionFactory.getConnection();
			candidate.subscribe(this.listener, this.channel.getBytes(StandardCharsets.UTF_8));
			this.connection = candidate;
			if (this.closed) {
				// close() gave up waiting for a slow connect and has already run: it must not outlive it.
				closeQuietly(candidate);
				this.connection = null;
				return false;
			}
		}
		catch (RuntimeException ex) {
			closeQuietly(candidate);
			if (this.closed) {
				// Interrupted by close(): not a Redis problem worth a warning.
				return false;
			}
			if (!this.failing) {
				logger.warn("Cannot subscribe to Redis {} channel '{}' ({}); {}, retrying", this.purpose,
						this.channel, ex.toString(), this.whileDown);
			}
			else {
				logger.debug("Still cannot subscribe to Redis {} channel '{}'", this.purpose, this.channel, ex);
			}
			this.failing = true;
			return false;
		}
		if (this.failing) {
			logger.info("Subscribed to Redis {} channel '{}' again", this.purpose, this.channel);
		}
		this.failing = false;
		this.retryDelay = FIRST_RETRY_DELAY;
		return true;
	}

	private static void closeQuietly(@Nullable RedisConnection connection) {
		if (connection == null) {
			return;
		}
		try {
			connection.close();
		}
		catch (RuntimeException ex) {
			logger.debug("Failed to close a Redis subscription's connection", ex);
		}
	}

}
