package dev.distlock.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.UpdateResult;

/** What {@link RedisSemaphoreAdapter} and {@link RedisReadWriteLockAdapter} share: arguments and replies. */
final class LeaseAdapters {

	/**
	 * The longest TTL sent, about a hundred years: the scripts add it to the server's clock in milliseconds, which
	 * must stay exact in Lua's doubles and within what {@code PEXPIREAT} accepts.
	 */
	static final long MAX_MILLIS = Duration.ofDays(36_500).toMillis();

	private LeaseAdapters() {
	}

	static ScriptExecutor executor(RedisConnectionFactory connectionFactory, RedisLockAdapterSettings settings) {
		if (connectionFactory == null) {
			throw new IllegalArgumentException("connectionFactory must not be null");
		}
		if (settings == null) {
			throw new IllegalArgumentException("settings must not be null");
		}
		return (connectionFactory instanceof LettuceConnectionFactory lettuce)
				? new LettuceScriptExecutor(lettuce, settings.commandTimeout())
				: new TemplateScriptExecutor(connectionFactory);
	}

	/** Whole milliseconds, rounded up (a hold must not end early), at least 1 and at most {@link #MAX_MILLIS}. */
	static long millis(Duration duration) {
		return Math.max(1, Math.min(MAX_MILLIS, WaitLines.toMillis(duration)));
	}

	/** A TTL argument: milliseconds, or {@code "0"} for a lease that never expires. */
	static String ttl(@Nullable Duration ttl) {
		return (ttl != null) ? Long.toString(millis(ttl)) : "0";
	}

	/** An acquire's reply {status 0 acquired, 1 already held, 2 unavailable; token; remaining ms or -1}. */
	static AcquireResult acquireResult(long status, List<?> reply) {
		if (status == 0) {
			return new AcquireResult.Acquired(RedisReplies.token(reply.get(1)));
		}
		if (status == 1) {
			return new AcquireResult.AlreadyHeld(RedisReplies.token(reply.get(1)),
					RedisReplies.remaining(reply.get(2)));
		}
		if (status == 2) {
			return new AcquireResult.Unavailable(RedisReplies.remaining(reply.get(2)));
		}
		throw new IllegalStateException("Unexpected status " + status + " from a distlock acquire script");
	}

	/** One refresh's arguments: key, channel, owner, token, TTL in ms. */
	static void addRefresh(List<String> args, Refresh refresh, String channel) {
		args.add(refresh.key());
		args.add(channel);
		args.add(refresh.owner());
		args.add(Long.toString(refresh.token()));
		args.add(Long.toString(millis(refresh.ttl())));
	}

	static List<UpdateResult> refreshResults(List<Object> replies, List<List<Integer>> batches, int count) {
		UpdateResult[] results = new UpdateResult[count];
		for (int b = 0; b < batches.size(); b++) {
			List<Integer> batch = batches.get(b);
			List<?> statuses = RedisReplies.array(replies.get(b), batch.size());
			for (int i = 0; i < batch.size(); i++) {
				results[batch.get(i)] = RedisReplies.update(statuses.get(i));
			}
		}
		return Arrays.asList(results);
	}

	/** Holders from triples (owner, token, remaining ms or -1) starting at {@code from}. */
	static List<LockHolder> holders(List<?> values, int from) {
		List<LockHolder> holders = new ArrayList<>((values.size() - from) / 3);
		for (int i = from; i + 2 < values.size(); i += 3) {
			holders.add(holder(values.get(i), values.get(i + 1), values.get(i + 2)));
		}
		return holders;
	}

	static LockHolder holder(Object owner, Object token, Object remaining) {
		return new LockHolder(RedisReplies.text(owner), RedisReplies.token(token), RedisReplies.remaining(remaining));
	}

}
