package dev.distlock.redis;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.IntegerOutput;
import io.lettuce.core.protocol.AsyncCommand;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Publishes batches of messages on a channel, pipelined: every {@code PUBLISH} of a batch is sent before the first
 * reply is awaited, so a batch costs about one round trip however many messages it carries.
 *
 * <p>With Lettuce the batch is written to the connection {@link RedisConnectionFactory#getConnection()} hands out (the
 * shared native connection unless sharing is off) in one write and one flush, and its replies are awaited at most the
 * timeout in all; the commands still unanswered then are cancelled, so that Lettuce never writes one that is still
 * queued. A connection that is not open (Lettuce reconnecting) fails the batch at once rather than queueing it in
 * Lettuce's unbounded buffer for commands written while disconnected. With another client the batch goes through
 * Spring's pipelining, bounded by the client's own timeouts. Nothing is retried: events are best effort.
 */
final class ChannelPublisher {

	private final RedisConnectionFactory connectionFactory;

	private final StringRedisTemplate template;

	private final Duration timeout;

	ChannelPublisher(RedisConnectionFactory connectionFactory, Duration timeout) {
		this.connectionFactory = connectionFactory;
		this.template = new StringRedisTemplate(connectionFactory);
		this.timeout = timeout;
	}

	/**
	 * Opens the connection that batches are sent on, so that the first batch does not wait for it: with Lettuce, the
	 * shared native connection is made on first use, which may take a while on a cold JVM. Failures are the first
	 * batch's to report.
	 */
	void connect() {
		if (!(this.connectionFactory instanceof LettuceConnectionFactory)) {
			return;
		}
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			connection.getNativeConnection();
		}
		catch (RuntimeException ex) {
			// Redis down at startup: the first batch finds out again, and counts what it loses.
		}
	}

	/**
	 * Publishes the messages, in their order.
	 * @param channel the channel
	 * @param messages the messages
	 * @return how many were not confirmed by Redis, and why
	 */
	@SuppressWarnings("NullAway") // a false positive: RedisCallback's T is @Nullable, seen only in JSpecify mode
	Outcome publish(String channel, List<String> messages) {
		if (messages.isEmpty()) {
			return Outcome.ALL_PUBLISHED;
		}
		byte[] channelBytes = channel.getBytes(StandardCharsets.UTF_8);
		try {
			if (this.connectionFactory instanceof LettuceConnectionFactory) {
				return publishOnLettuce(channelBytes, messages);
			}
			this.template.executePipelined((RedisCallback<Object>) (connection) -> {
				for (String message : messages) {
					connection.publish(channelBytes, message.getBytes(StandardCharsets.UTF_8));
				}
				return null;
			});
			return Outcome.ALL_PUBLISHED;
		}
		catch (RuntimeException ex) {
			// A connection that cannot be had, or a client that refuses the batch: none of it is known to be out.
			return new Outcome(messages.size(), ex.toString());
		}
	}

	private Outcome publishOnLettuce(byte[] channel, List<String> messages) {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			Object nativeConnection = connection.getNativeConnection();
			// From here on: a connection being opened (the first use, a pool's) is the client's connect timeout's.
			long deadline = System.nanoTime() + this.timeout.toNanos();
			List<Future<Long>> replies = send(nativeConnection, channel, messages);
			int failed = 0;
			@Nullable String failure = null;
			for (int i = 0; i < replies.size(); i++) {
				try {
					replies.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				}
				catch (TimeoutException ex) {
					for (int j = i; j < replies.size(); j++) {
						replies.get(j).cancel(false);
					}
					return new Outcome(failed + replies.size() - i,
							"Redis did not answer within " + this.timeout + "; whether they went out is unknown");
				}
				catch (InterruptedException ex) {
					for (int j = i; j < replies.size(); j++) {
						replies.get(j).cancel(false);
					}
					Thread.currentThread().interrupt();
					return new Outcome(failed + replies.size() - i, "interrupted while waiting for Redis");
				}
				catch (ExecutionException | CancellationException ex) {
					failed++;
					Throwable cause = (ex.getCause() != null) ? ex.getCause() : ex;
					failure = cause.toString();
				}
			}
			return (failure != null) ? new Outcome(failed, failure) : Outcome.ALL_PUBLISHED;
		}
	}

	// getStatefulConnection() is deprecated on the commands API, and Spring hands out only that API:
	// it is the one way to write a whole batch with one flush. Should it go, publish() per message (below) still
	// pipelines, at one flush a message.
	@SuppressWarnings({ "unchecked", "deprecation" })
	private static List<Future<Long>> send(Object nativeConnection, byte[] channel, List<String> messages) {
		StatefulConnection<byte[], byte[]> stateful = null;
		// Standalone, Sentinel and master/replica connections; Cluster ones. Spring's have byte[] keys and values.
		if (nativeConnection instanceof RedisAsyncCommands<?, ?> standalone) {
			stateful = (StatefulConnection<byte[], byte[]>) standalone.getStatefulConnection();
		}
		else if (nativeConnection instanceof RedisAdvancedClusterAsyncCommands<?, ?> cluster) {
			stateful = (StatefulConnection<byte[], byte[]>) cluster.getStatefulConnection();
		}
		List<Future<Long>> replies = new ArrayList<>(messages.size());
		if (stateful == null) {
			// Some other asynchronous commands: still pipelined, one flush each.
			BaseRedisAsyncCommands<byte[], byte[]> commands = (BaseRedisAsyncCommands<byte[], byte[]>) nativeConnection;
			for (String message : messages) {
				replies.add(commands.publish(channel, message.getBytes(StandardCharsets.UTF_8)));
			}
			return replies;
		}
		if (!stateful.isOpen()) {
			throw new IllegalStateException("the connection to Redis is down, Lettuce reconnecting");
		}
		List<RedisCommand<byte[], byte[], ?>> batch = new ArrayList<>(messages.size());
		for (String message : messages) {
			AsyncCommand<byte[], byte[], Long> publish = new AsyncCommand<>(new Command<>(CommandType.PUBLISH,
					new IntegerOutput<>(ByteArrayCodec.INSTANCE), new CommandArgs<>(ByteArrayCodec.INSTANCE)
						.addKey(channel)
						.addValue(message.getBytes(StandardCharsets.UTF_8))));
			batch.add(publish);
			replies.add(publish);
		}
		stateful.dispatch(batch);
		return replies;
	}

	/**
	 * What became of a batch.
	 * @param failed how many messages Redis did not confirm: not sent, failed, or unanswered in time (those may still
	 * have gone out)
	 * @param failure why, when any failed
	 */
	record Outcome(int failed, @Nullable String failure) {

		static final Outcome ALL_PUBLISHED = new Outcome(0, null);

	}

}
