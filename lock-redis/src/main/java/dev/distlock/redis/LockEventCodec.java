package dev.distlock.redis;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockForceReleasedEvent;
import dev.distlock.event.LockLostEvent;
import dev.distlock.event.LockRefreshFailedEvent;
import dev.distlock.event.LockRefreshedEvent;
import dev.distlock.event.LockReleaseFailedEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.event.LockUnavailableEvent;
import dev.distlock.event.LockUnexpectedErrorEvent;

/**
 * The text form of a lock event on the Redis channel: one flat JSON object, versioned, with the event's type, origin,
 * the lock's handle (its fencing token as {@code lockToken}) and the type's own values; the events that carry a
 * fencing token send it as {@code token}.
 *
 * <pre>
 * {"v":2,"type":"acquired","origin":"orders-7f3a","namespace":"lock","key":"orders:42","owner":"…","ttl":"PT5M",
 *  "lockToken":1712345678901234,"token":1712345678901234}
 * </pre>
 *
 * Decoding only ever builds one of the nine event records, with the lock restored by the receiving provider; every
 * other message (malformed, an unknown version, an unknown type, a missing, extra or ill-typed field, another
 * namespace) is rejected with an {@link IllegalArgumentException} that says why. An error travels as its class name
 * and message.
 *
 * <p>Version 2 added the tokens and the {@code lost} event. It is a new version, not optional fields, because
 * version-1 readers reject unknown fields: they now say "version 'v' is 2" instead of "unexpected field". Version-1
 * payloads (from instances not yet upgraded) are still read, their tokens as {@code 0}, "unknown", as the events
 * document it.
 */
final class LockEventCodec {

	/** The version written. */
	static final long VERSION = 2;

	/** The version before tokens, still read. */
	static final long VERSION_WITHOUT_TOKENS = 1;

	/** Longest error message sent: enough to diagnose, short enough for a pub/sub message. */
	static final int MAX_ERROR_MESSAGE = 1000;

	private LockEventCodec() {
	}

	static String encode(LockEvent event) {
		Map<String, @Nullable Object> values = new LinkedHashMap<>();
		values.put("v", VERSION);
		values.put("type", type(event));
		values.put("origin", event.origin());
		LockHandle handle = event.lock().toHandle();
		values.put("namespace", handle.namespace());
		values.put("key", handle.key());
		values.put("owner", handle.owner());
		values.put("ttl", (handle.ttl() != null) ? handle.ttl().toString() : null);
		values.put("lockToken", handle.token());
		if (event instanceof LockForceReleasedEvent forceReleased) {
			values.put("released", forceReleased.released());
		}
		else if (event instanceof LockAcquiredEvent acquired) {
			values.put("token", acquired.token());
		}
		else if (event instanceof LockReleasedEvent released) {
			values.put("token", released.token());
		}
		else if (event instanceof LockRefreshedEvent refreshed) {
			values.put("refreshedTtl", refreshed.ttl().toString());
			values.put("token", refreshed.token());
		}
		else if (event instanceof LockLostEvent lost) {
			values.put("token", lost.token());
			values.put("detection", detection(lost.detection()));
		}
		else if (event instanceof LockUnexpectedErrorEvent unexpectedError) {
			Throwable error = unexpectedError.error();
			values.put("errorType", (error instanceof RemoteLockException remote) ? remote.getRemoteType()
					: error.getClass().getName());
			String message = (error instanceof RemoteLockException remote) ? remote.getRemoteMessage()
					: error.getMessage();
			values.put("errorMessage", (message != null && message.length() > MAX_ERROR_MESSAGE)
					? message.substring(0, MAX_ERROR_MESSAGE) + "…" : message);
		}
		return FlatJson.write(values);
	}

	static LockEvent decode(String payload, LockProvider provider) {
		Fields fields = new Fields(FlatJson.read(payload));
		Object version = fields.value("v");
		boolean tokens = Long.valueOf(VERSION).equals(version);
		if (!tokens && !Long.valueOf(VERSION_WITHOUT_TOKENS).equals(version)) {
			String written = (version instanceof String) ? "\"" + version + "\"" : String.valueOf(version);
			throw new IllegalArgumentException("version 'v' is " + written + ", this instance reads "
					+ VERSION_WITHOUT_TOKENS + " and " + VERSION);
		}
		String type = fields.text("type");
		String origin = fields.text("origin");
		String namespace = fields.text("namespace");
		String expected = provider.getNamespace().root();
		if (!namespace.equals(expected)) {
			throw new IllegalArgumentException("namespace is '" + namespace + "', not this provider's '" + expected + "'");
		}
		LockHandle handle = new LockHandle(namespace, fields.text("key"), fields.text("owner"),
				fields.nullableDuration("ttl"), tokens ? fields.token("lockToken") : 0);
		Lock lock = provider.restore(handle);
		LockEvent event = switch (type) {
			case "acquired" -> new LockAcquiredEvent(lock, origin, tokens ? fields.token("token") : 0);
			case "unavailable" -> new LockUnavailableEvent(lock, origin);
			case "released" -> new LockReleasedEvent(lock, origin, tokens ? fields.token("token") : 0);
			case "release-failed" -> new LockReleaseFailedEvent(lock, origin);
			case "refreshed" -> new LockRefreshedEvent(lock, origin, fields.duration("refreshedTtl"),
					tokens ? fields.token("token") : 0);
			case "refresh-failed" -> new LockRefreshFailedEvent(lock, origin);
			case "force-released" -> new LockForceReleasedEvent(lock, origin, fields.bool("released"));
			case "unexpected-error" -> new LockUnexpectedErrorEvent(lock, origin,
					new RemoteLockException(fields.text("errorType"), fields.nullableText("errorMessage")));
			case "lost" -> {
				if (!tokens) {
					throw new IllegalArgumentException("event type 'lost' is not in version " + VERSION_WITHOUT_TOKENS);
				}
				yield new LockLostEvent(lock, origin, fields.token("token"), detection(fields.text("detection")));
			}
			default -> throw new IllegalArgumentException("unknown event type '" + type + "'");
		};
		fields.requireNoOthers();
		return event;
	}

	// Lower case with hyphens, as the types are: the payload does not depend on Java's enum constant names.
	private static String detection(LockLostEvent.Detection detection) {
		return detection.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static LockLostEvent.Detection detection(String text) {
		for (LockLostEvent.Detection detection : LockLostEvent.Detection.values()) {
			if (detection(detection).equals(text)) {
				return detection;
			}
		}
		throw new IllegalArgumentException("unknown detection '" + text + "'");
	}

	private static String type(LockEvent event) {
		if (event instanceof LockAcquiredEvent) {
			return "acquired";
		}
		if (event instanceof LockUnavailableEvent) {
			return "unavailable";
		}
		if (event instanceof LockReleasedEvent) {
			return "released";
		}
		if (event instanceof LockReleaseFailedEvent) {
			return "release-failed";
		}
		if (event instanceof LockRefreshedEvent) {
			return "refreshed";
		}
		if (event instanceof LockRefreshFailedEvent) {
			return "refresh-failed";
		}
		if (event instanceof LockForceReleasedEvent) {
			return "force-released";
		}
		if (event instanceof LockUnexpectedErrorEvent) {
			return "unexpected-error";
		}
		if (event instanceof LockLostEvent) {
			return "lost";
		}
		throw new IllegalArgumentException("unknown event class " + event.getClass().getName());
	}

	/** The payload's values, each read once with its type checked, so that leftovers can be refused. */
	private static final class Fields {

		private final Map<String, @Nullable Object> values;

		private final Set<String> read = new HashSet<>();

		Fields(Map<String, @Nullable Object> values) {
			this.values = values;
		}

		String text(String name) {
			String text = nullableText(name);
			if (text == null || text.isBlank()) {
				throw new IllegalArgumentException("'" + name + "' must be a non-blank string");
			}
			return text;
		}

		@Nullable String nullableText(String name) {
			Object value = value(name);
			if (value != null && !(value instanceof String)) {
				throw new IllegalArgumentException("'" + name + "' must be a string");
			}
			return (String) value;
		}

		boolean bool(String name) {
			if (!(value(name) instanceof Boolean bool)) {
				throw new IllegalArgumentException("'" + name + "' must be true or false");
			}
			return bool;
		}

		long token(String name) {
			if (!(value(name) instanceof Long token) || token < 0) {
				throw new IllegalArgumentException("'" + name + "' must be a whole number, 0 or more");
			}
			return token;
		}

		Duration duration(String name) {
			Duration duration = nullableDuration(name);
			if (duration == null) {
				throw new IllegalArgumentException("'" + name + "' must not be null");
			}
			return duration;
		}

		@Nullable Duration nullableDuration(String name) {
			String text = nullableText(name);
			if (text == null) {
				return null;
			}
			try {
				return Duration.parse(text);
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 duration");
			}
		}

		void requireNoOthers() {
			for (String name : this.values.keySet()) {
				if (!this.read.contains(name)) {
					throw new IllegalArgumentException("unexpected field '" + name + "'");
				}
			}
		}

		@Nullable Object value(String name) {
			if (!this.values.containsKey(name)) {
				throw new IllegalArgumentException("'" + name + "' is missing");
			}
			this.read.add(name);
			return this.values.get(name);
		}

	}

}
