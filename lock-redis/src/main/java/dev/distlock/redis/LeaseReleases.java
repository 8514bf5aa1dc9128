package dev.distlock.redis;

import java.time.Duration;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.adapter.ReleaseSignals;
import dev.distlock.adapter.ReleaseWatch;

/**
 * How the blocked acquires of a semaphore or read-write lock adapter hear of freed leases: the scripts announce
 * {@code "<count> <key>"} on the key's slot channel ({@link LeaseKeys}) whenever they free leases (release, undo,
 * force release, and expired leases they purge); one {@link GrantSubscription} (a pub/sub connection of the adapter's
 * own, sharded, pinged every second) subscribes to the channels of the slots this process waits on, and each message
 * wakes local waiters through {@link ReleaseSignals}: one per freed slot of a semaphore, every waiter of a read-write
 * lock. When messages may have been missed (the connection came back) every waiter of every key tries again: a missed
 * message may have freed several slots, and how many is unknown, so one waiter per key would leave the others polling
 * for free slots (a stampede once per reconnection is the cheaper price). Without Lettuce, or while the subscription is
 * down, waiters poll.
 */
final class LeaseReleases implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(LeaseReleases.class);

	private final ReleaseSignals signals = new ReleaseSignals();

	private final Function<String, String> channelOf;

	private final boolean wakeEveryWaiter;

	private final @Nullable GrantSubscription subscription;

	/**
	 * Starts subscribing in the background, with Lettuce.
	 * @param connectionFactory the adapter's connections
	 * @param timeout how long a subscribe or ping may take
	 * @param channelOf the release channel of a key
	 * @param wakeEveryWaiter whether a message wakes every waiter of the key (read-write locks) or one per freed
	 * lease (semaphores)
	 */
	LeaseReleases(RedisConnectionFactory connectionFactory, Duration timeout, Function<String, String> channelOf,
			boolean wakeEveryWaiter) {
		this.channelOf = channelOf;
		this.wakeEveryWaiter = wakeEveryWaiter;
		if (connectionFactory instanceof LettuceConnectionFactory lettuce) {
			this.subscription = new GrantSubscription(lettuce.getRequiredNativeClient(), timeout, "release",
					this::onMessage, this.signals::signalEveryWatch);
		}
		else {
			logger.info("Redis release messages need Lettuce; with {}, blocked acquires of semaphores and read-write "
					+ "locks poll", connectionFactory.getClass().getName());
			this.subscription = null;
		}
	}

	/**
	 * Watches {@code key}: subscribes to its channel (waiting for Redis's confirmation at most the timeout, if the
	 * subscription is up) before the caller's first attempt, so that a release after that attempt is heard.
	 * @param key the namespaced key
	 * @return the watch; closing it stops using the channel
	 */
	ReleaseWatch watch(String key) {
		GrantSubscription listening = this.subscription;
		if (listening == null) {
			return ReleaseWatch.polling();
		}
		String channel = this.channelOf.apply(key);
		ReleaseWatch watch = this.signals.watch(key);
		listening.use(channel);
		return new ReleaseWatch() {

			private boolean closed;

			@Override
			public boolean await(Duration timeout) throws InterruptedException {
				return watch.await(timeout);
			}

			@Override
			public void close() {
				if (!this.closed) {
					this.closed = true;
					watch.close();
					listening.stopUsing(channel);
				}
			}

		};
	}

	/** Whether this process hears the releases of {@code key} now: its channel's subscription is confirmed. */
	boolean hears(String key) {
		GrantSubscription listening = this.subscription;
		return listening != null && listening.isSubscribedTo(this.channelOf.apply(key));
	}

	/** Whether messages are heard: the subscription's connection is open and answered its last ping. */
	boolean isSubscribed() {
		GrantSubscription listening = this.subscription;
		return listening != null && listening.isAlive();
	}

	/** How many messages arrived, for tests. */
	long receivedCount() {
		GrantSubscription listening = this.subscription;
		return (listening != null) ? listening.receivedCount() : 0;
	}

	// On Lettuce's thread: must not block.
	void onMessage(String channel, String message) {
		int space = message.indexOf(' ');
		if (space <= 0) {
			return;
		}
		int count;
		try {
			count = Integer.parseInt(message, 0, space, 10);
		}
		catch (NumberFormatException ex) {
			return;
		}
		String key = message.substring(space + 1);
		if (this.wakeEveryWaiter) {
			this.signals.signalEvery(key);
			return;
		}
		for (int i = 0; i < count && this.signals.hasWatchers(key); i++) {
			this.signals.signal(key);
		}
	}

	@Override
	public void close() {
		GrantSubscription listening = this.subscription;
		if (listening != null) {
			listening.close();
		}
	}

}
