package dev.distlock.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The one subscription of an adapter to its release channel: every message names a released key.
 *
 * <p>Wraps a {@link RedisMessageListenerContainer} that this class starts and stops itself, so it needs no Spring
 * lifecycle. The subscription is best effort: blocked acquires still poll, so while it is down they only wake later.
 * <ul>
 * <li>Subscribing happens in the background, never in the caller's thread, and is retried until it succeeds: the
 * container gives up on a first subscription that fails (Redis down when the application starts).</li>
 * <li>Once subscribed, Lettuce reconnects and re-subscribes by itself after a connection loss.</li>
 * <li>Messages are handled on the thread that receives them: the handler only wakes a waiter, it never blocks.</li>
 * </ul>
 */
final class ReleaseSubscription implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(ReleaseSubscription.class);

	private static final Duration FIRST_RETRY_DELAY = Duration.ofMillis(200);

	private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(5);

	private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

	private final String channel;

	private final RedisMessageListenerContainer container = new RedisMessageListenerContainer();

	// One daemon thread: subscribes, retries, and runs the container's own recovery.
	private final ScheduledExecutorService subscriber;

	private volatile boolean closed;

	private Duration retryDelay = FIRST_RETRY_DELAY;

	ReleaseSubscription(RedisConnectionFactory connectionFactory, String channel, Consumer<String> onRelease) {
		this.channel = channel;
		this.subscriber = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "distlock-redis-subscriber");
			thread.setDaemon(true);
			return thread;
		});
		this.container.setConnectionFactory(connectionFactory);
		this.container.setTaskExecutor(Runnable::run);
		this.container.setSubscriptionExecutor(this.subscriber);
		ExponentialBackOff backOff = new ExponentialBackOff(FIRST_RETRY_DELAY.toMillis(), 2);
		backOff.setMaxInterval(MAX_RETRY_DELAY.toMillis());
		this.container.setRecoveryBackoff(backOff);
		this.container.addMessageListener(
				(message, pattern) -> onRelease.accept(new String(message.getBody(), StandardCharsets.UTF_8)),
				new ChannelTopic(channel));
		this.container.afterPropertiesSet();
		this.subscriber.execute(this::subscribe);
	}

	/**
	 * Tells whether the subscription is established; while Lettuce reconnects after a loss it still says yes.
	 * @return whether releases are being heard
	 */
	boolean isSubscribed() {
		return !this.closed && this.container.isListening();
	}

	@Override
	public void close() {
		this.closed = true;
		this.subscriber.shutdownNow();
		try {
			if (!this.subscriber.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
				logger.warn("Redis release subscription to '{}' did not stop within {}", this.channel, CLOSE_WAIT);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		try {
			this.container.destroy();
		}
		catch (Exception ex) {
			logger.warn("Failed to stop the Redis release subscription to '{}'", this.channel, ex);
		}
	}

	// Runs on the subscriber thread only.
	private void subscribe() {
		if (this.closed) {
			return;
		}
		try {
			this.container.start();
			if (this.container.isListening()) {
				this.retryDelay = FIRST_RETRY_DELAY;
				logger.debug("Subscribed to Redis release channel '{}'", this.channel);
				return;
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Cannot subscribe to Redis release channel '{}' yet; retrying in {}", this.channel,
					this.retryDelay, ex);
		}
		// Reset the container, which ignores start() once started even when its first subscription failed.
		this.container.stop();
		try {
			this.subscriber.schedule(this::subscribe, this.retryDelay.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Closed meanwhile: nothing left to retry.
			return;
		}
		Duration doubled = this.retryDelay.multipliedBy(2);
		this.retryDelay = (doubled.compareTo(MAX_RETRY_DELAY) < 0) ? doubled : MAX_RETRY_DELAY;
	}

}
