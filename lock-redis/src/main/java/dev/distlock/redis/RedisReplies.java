package dev.distlock.redis;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.distlock.adapter.UpdateResult;

/**
 * Reads the scripts' replies, checking their shape: a reply that is not what the script returns means the key holds
 * something else than a distlock lock, or another version's script ran, and fails loudly rather than guessing.
 */
final class RedisReplies {

	private RedisReplies() {
	}

	/**
	 * The status a release or refresh script returned: 1 updated, 0 free, 2 another hold, 3 no expiry.
	 * @param reply the integer reply
	 * @return the result
	 */
	static UpdateResult update(Object reply) {
		long status = integer(reply);
		if (status == 1) {
			return UpdateResult.UPDATED;
		}
		if (status == 0) {
			return UpdateResult.NOT_HELD;
		}
		if (status == 2) {
			return UpdateResult.HELD_BY_OTHER;
		}
		if (status == 3) {
			return UpdateResult.NEVER_EXPIRES;
		}
		throw new IllegalStateException("Unexpected status " + status + " from a distlock script");
	}

	static long integer(Object reply) {
		if (reply instanceof Long number) {
			return number;
		}
		throw new IllegalStateException("Expected an integer from a distlock script, got " + kind(reply));
	}

	static List<?> array(Object reply, int size) {
		if (reply instanceof List<?> list && list.size() == size) {
			return list;
		}
		throw new IllegalStateException("Expected an array of " + size + " from a distlock script, got " + kind(reply));
	}

	/**
	 * A fencing token: the scripts return it as a decimal string, since Lua would turn a large integer reply into
	 * a double first; exact either way for today's values of about 1.7e15, but a string is never rounded.
	 * @param reply the string reply
	 * @return the token
	 */
	static long token(Object reply) {
		if (reply instanceof String text) {
			try {
				return Long.parseLong(text);
			}
			catch (NumberFormatException ex) {
				// Falls through to the error below.
			}
		}
		if (reply instanceof Long number) {
			return number;
		}
		throw new IllegalStateException("Expected a fencing token from a distlock script, got " + kind(reply));
	}

	/**
	 * A bulk string, such as an entry id.
	 * @param reply the string reply
	 * @return the string
	 */
	static String text(Object reply) {
		if (reply instanceof String text) {
			return text;
		}
		throw new IllegalStateException("Expected a string from a distlock script, got " + kind(reply));
	}

	/**
	 * A remaining time from {@code PTTL}.
	 * @param reply the integer reply: milliseconds, or negative for a key without expiry
	 * @return the remaining time, {@code null} for none
	 */
	static @Nullable Duration remaining(Object reply) {
		long millis = integer(reply);
		return (millis >= 0) ? Duration.ofMillis(millis) : null;
	}

	// Never the value itself: it may be an owner.
	private static String kind(@Nullable Object reply) {
		if (reply instanceof List<?> list) {
			return "an array of " + list.size();
		}
		return (reply != null) ? "a " + reply.getClass().getSimpleName() : "nothing";
	}

}
