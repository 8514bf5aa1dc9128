package dev.distlock.codec;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.OwnerFingerprint;
import dev.distlock.UntrustedText;
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
 * The JSON forms of a {@link LockHandle} and of a {@link LockEvent}, written and read strictly, with one set of field
 * names, checks and messages for every module that sends them.
 *
 * <p>A handle is {@code {"namespace": …, "key": …, "owner": …, "ttl": "PT30S" or null, "token": 42}}: {@code null}
 * for a lock that {@linkplain Expiry#never() never expires}, and the fencing token as a number only when the handle
 * carries one, so that there is one way to say "no token" (the four-field form of versions before tokens); a
 * {@code token} of {@code 0} or {@code null} is refused.
 *
 * <p>An event is one flat object, versioned, with the event's type, origin, its lock's handle (the fencing token as
 * {@code lockToken}, always present, {@code 0} for none) and the type's own values; the events that carry a fencing
 * token send it as {@code token}:
 *
 * <pre>
 * {"v":3,"type":"acquired","origin":"orders-7f3a","namespace":"lock","key":"orders:42",
 *  "ownerFingerprint":"3f2a9c0d8e7b6a51","ttl":"PT5M","lockToken":1712345678901234,"token":1712345678901234}
 * </pre>
 *
 * The owner is the lock's credential, so version 3 carries its {@linkplain OwnerFingerprint fingerprint} instead,
 * and an error message that contains the owner has it replaced by the fingerprint; version 2 is the same with
 * {@code owner} in place of {@code ownerFingerprint}. Version 2 added the tokens and the {@code lost} event, version 3
 * the fingerprint; each is a new version rather than optional fields, because older readers refuse unknown fields
 * ("version 'v' is 3" says more than "unknown field"). Version 1, without tokens, is still read, its tokens as
 * {@code 0}. An error travels as its class name and message, the message cut to {@value #MAX_ERROR_MESSAGE}
 * characters.
 *
 * <p>Read strictly, because the text comes from outside and a handle is a credential: each field once, of its type,
 * none missing and none else; every value then checked as the API checks it, by {@link LockHandle}'s constructor and
 * {@link Expiry#after}. Anything else is refused with an {@link IllegalArgumentException} that names the field; a
 * message quotes a bad value at most as a short prefix ({@link UntrustedText#quote}), and never the owner.
 *
 * <p>One codec without dependencies rather than Jackson for both: lock-core and the Redis module must not need a JSON
 * library, and the Redis event bus must read exactly what every instance writes, whatever library (and settings)
 * an application has. The Jackson module walks the same {@linkplain #fields(LockHandle) fields} and
 * {@linkplain #readHandle(JsonFields) checks}, so its form is this one too.
 *
 * @since 0.1.0
 */
public final class LockJson {

	/** The version of events written with the owner's fingerprint in place of the owner: {@value}. */
	public static final long VERSION = 3;

	/** The version of events written with the owner: {@value}. */
	public static final long VERSION_WITH_OWNERS = 2;

	/** The version of events written before fencing tokens, still read: {@value}. */
	public static final long VERSION_WITHOUT_TOKENS = 1;

	/** The longest error message an event carries, {@value} characters: enough to diagnose, short to send. */
	public static final int MAX_ERROR_MESSAGE = 1000;

	/** The longest origin (instance id) and error type an event may have: {@value} characters. */
	public static final int MAX_TEXT = 1024;

	/** The fields of a handle, as messages list them. */
	public static final String HANDLE_FIELDS = "namespace, key, owner, ttl and, optionally, token";

	private static final String NAMESPACE = "namespace";

	private static final String KEY = "key";

	private static final String OWNER = "owner";

	private static final String OWNER_FINGERPRINT = "ownerFingerprint";

	private static final String TTL = "ttl";

	private static final String TOKEN = "token";

	private static final String LOCK_TOKEN = "lockToken";

	private static final String REFRESHED_TTL = "refreshedTtl";

	private static final String NEVER_EXPIRES = "a lock that never expires";

	// The API's limit, which Expiry.after checks for a lock's TTL; its constant is not public.
	private static final Duration MAX_TTL = Duration.ofDays(36_500);

	private static final int FINGERPRINT_LENGTH = 16;

	private LockJson() {
	}

	/**
	 * A handle's fields, in order, for a writer that walks them.
	 * @param handle the handle
	 * @return the names and values: {@code namespace}, {@code key} and {@code owner} as strings, {@code ttl} as a
	 * string or {@code null}, and, if the handle has one, {@code token} as a {@link Long}
	 */
	public static Map<String, @Nullable Object> fields(LockHandle handle) {
		Map<String, @Nullable Object> fields = new LinkedHashMap<>();
		fields.put(NAMESPACE, handle.namespace());
		fields.put(KEY, handle.key());
		fields.put(OWNER, handle.owner());
		fields.put(TTL, ttl(handle.expiry()));
		if (handle.token() > 0) {
			fields.put(TOKEN, handle.token());
		}
		return Collections.unmodifiableMap(fields);
	}

	/**
	 * Writes a handle.
	 * @param handle the handle
	 * @return its JSON text
	 */
	public static String writeHandle(LockHandle handle) {
		return FlatJson.write(fields(handle));
	}

	/**
	 * Reads a handle.
	 * @param json the JSON text
	 * @return the handle
	 * @throws IllegalArgumentException naming the field, if the text is not a valid handle
	 */
	public static LockHandle readHandle(String json) {
		return readHandle(JsonFields.of(FlatJson.read(json)));
	}

	/**
	 * Reads a handle from fields a streaming reader collected.
	 * @param fields the fields
	 * @return the handle
	 * @throws IllegalArgumentException naming the field, if the fields are not a valid handle
	 */
	public static LockHandle readHandle(JsonFields fields) {
		String namespace = fields.string(NAMESPACE);
		String key = fields.string(KEY);
		String owner = fields.string(OWNER);
		Expiry.Resolved expiry = expiry(fields);
		long token = fields.has(TOKEN) ? handleToken(fields.value(TOKEN)) : 0;
		fields.requireNoOthers("; a lock handle has the fields " + HANDLE_FIELDS);
		// Blank, malformed and oversized values are the handle's to refuse, as the API refuses them.
		return new LockHandle(namespace, key, owner, expiry, token);
	}

	/**
	 * Writes an event.
	 * @param event the event
	 * @param lock its lock's values as they are to travel: with the owner (version 2) or its fingerprint (version 3)
	 * @param errors how the error of a {@link LockUnexpectedErrorEvent} travels, usually {@link EventError#of}
	 * @return the JSON text
	 */
	public static String writeEvent(LockEvent event, EventLock lock, Function<? super Throwable, EventError> errors) {
		String owner = lock.owner();
		Map<String, @Nullable Object> values = new LinkedHashMap<>();
		values.put("v", (owner != null) ? VERSION_WITH_OWNERS : VERSION);
		values.put("type", type(event));
		values.put("origin", event.origin());
		values.put(NAMESPACE, lock.namespace());
		values.put(KEY, lock.key());
		if (owner != null) {
			values.put(OWNER, owner);
		}
		else {
			values.put(OWNER_FINGERPRINT, lock.ownerFingerprint());
		}
		values.put(TTL, ttl(lock.expiry()));
		values.put(LOCK_TOKEN, lock.token());
		if (event instanceof LockForceReleasedEvent forceReleased) {
			values.put("released", forceReleased.released());
		}
		else if (event instanceof LockAcquiredEvent acquired) {
			values.put(TOKEN, acquired.token());
		}
		else if (event instanceof LockReleasedEvent released) {
			values.put(TOKEN, released.token());
		}
		else if (event instanceof LockRefreshedEvent refreshed) {
			values.put(REFRESHED_TTL, refreshed.ttl().toString());
			values.put(TOKEN, refreshed.token());
		}
		else if (event instanceof LockLostEvent lost) {
			values.put(TOKEN, lost.token());
			values.put("detection", detection(lost.detection()));
		}
		else if (event instanceof LockUnexpectedErrorEvent unexpectedError) {
			EventError error = errors.apply(unexpectedError.error());
			String message = error.message();
			String sender = event.lock().getOwner();
			if (message != null && owner == null && !sender.isEmpty()) {
				// A backend's message may quote what it was sent; the owner must not travel in it either. (A lock
				// that came without its owner has the fingerprint as its owner: replacing it changes nothing.)
				message = message.replace(sender, String.valueOf(lock.ownerFingerprint()));
			}
			values.put("errorType", error.type());
			values.put("errorMessage", (message != null && message.length() > MAX_ERROR_MESSAGE)
					? UntrustedText.cut(message, MAX_ERROR_MESSAGE) + "…" : message);
		}
		return FlatJson.write(values);
	}

	/**
	 * Reads an event.
	 * @param json the JSON text
	 * @param locks makes the event's lock from its values, once they are read and checked (and before the
	 * type's own values are); may refuse them with an {@link IllegalArgumentException}
	 * @param errors makes the error of a {@link LockUnexpectedErrorEvent}
	 * @return the event: only ever one of the nine event records
	 * @throws IllegalArgumentException saying why, if the text is not an event in one of the versions read (or
	 * {@code locks} refuses its lock)
	 */
	public static LockEvent readEvent(String json, Function<? super EventLock, ? extends Lock> locks,
			Function<? super EventError, ? extends Throwable> errors) {
		JsonFields fields = JsonFields.of(FlatJson.read(json));
		long version = version(fields.value("v"));
		boolean tokens = version != VERSION_WITHOUT_TOKENS;
		String type = fields.text("type");
		String origin = limited(fields, "origin");
		String namespace = fields.string(NAMESPACE);
		String key = fields.string(KEY);
		// In the order written: the owner or its fingerprint, the TTL, the token.
		EventLock sent = (version == VERSION)
				? new EventLock(namespace, key, null, fields.string(OWNER_FINGERPRINT), expiry(fields),
						fields.count(LOCK_TOKEN))
				: new EventLock(namespace, key, fields.string(OWNER), null, expiry(fields),
						tokens ? fields.count(LOCK_TOKEN) : 0);
		Lock lock = locks.apply(sent);
		LockEvent event = switch (type) {
			case "acquired" -> new LockAcquiredEvent(lock, origin, tokens ? fields.count(TOKEN) : 0);
			case "unavailable" -> new LockUnavailableEvent(lock, origin);
			case "released" -> new LockReleasedEvent(lock, origin, tokens ? fields.count(TOKEN) : 0);
			case "release-failed" -> new LockReleaseFailedEvent(lock, origin);
			case "refreshed" -> new LockRefreshedEvent(lock, origin, refreshedTtl(fields),
					tokens ? fields.count(TOKEN) : 0);
			case "refresh-failed" -> new LockRefreshFailedEvent(lock, origin);
			case "force-released" -> new LockForceReleasedEvent(lock, origin, fields.bool("released"));
			case "unexpected-error" -> new LockUnexpectedErrorEvent(lock, origin, errors.apply(error(fields)));
			case "lost" -> {
				if (!tokens) {
					throw new IllegalArgumentException("event type 'lost' is not in version " + VERSION_WITHOUT_TOKENS);
				}
				yield new LockLostEvent(lock, origin, fields.count(TOKEN), detection(fields.text("detection")));
			}
			default -> throw new IllegalArgumentException("unknown event type " + UntrustedText.quote(type));
		};
		fields.requireNoOthers(" in a version-" + version + " '" + type + "' event");
		return event;
	}

	static @Nullable String ttl(Expiry.Resolved expiry) {
		Duration ttl = expiry.ttlOrNull();
		return (ttl != null) ? ttl.toString() : null;
	}

	static Expiry.Resolved expiry(JsonFields fields) {
		// Over 100 years is the API's to refuse, with its message.
		return Expiry.ofNullable(fields.nullableDuration(TTL, NEVER_EXPIRES));
	}

	private static long handleToken(@Nullable Object value) {
		if (value instanceof BigInteger) {
			throw new IllegalArgumentException("field 'token' must fit in 64 bits");
		}
		if (!(value instanceof Long token)) {
			throw new IllegalArgumentException("field 'token' must be a positive integer, or left out for a handle "
					+ "without a fencing token, not " + JsonFields.describe(value));
		}
		if (token <= 0) {
			throw new IllegalArgumentException("field 'token' must be positive, or left out for a handle without a "
					+ "fencing token, was " + token);
		}
		return token;
	}

	private static long version(@Nullable Object version) {
		if (version instanceof Long number
				&& (number == VERSION || number == VERSION_WITH_OWNERS || number == VERSION_WITHOUT_TOKENS)) {
			return number;
		}
		String written = (version instanceof String text) ? "the string " + UntrustedText.quote(text)
				: String.valueOf(version);
		throw new IllegalArgumentException("version 'v' is " + written + ", this instance reads "
				+ VERSION_WITHOUT_TOKENS + ", " + VERSION_WITH_OWNERS + " and " + VERSION);
	}

	private static String limited(JsonFields fields, String name) {
		String text = fields.text(name);
		if (text.length() > MAX_TEXT) {
			throw new IllegalArgumentException("field '" + name + "' must not be longer than " + MAX_TEXT
					+ " characters, has " + text.length());
		}
		return text;
	}

	private static Duration refreshedTtl(JsonFields fields) {
		Duration ttl = fields.duration(REFRESHED_TTL);
		if (ttl.compareTo(MAX_TTL) > 0) {
			throw new IllegalArgumentException("field '" + REFRESHED_TTL + "' must not exceed " + MAX_TTL.toDays()
					+ " days (100 years), was " + ttl);
		}
		return ttl;
	}

	private static EventError error(JsonFields fields) {
		String type = limited(fields, "errorType");
		String message = fields.nullableText("errorMessage");
		// The writer's cut plus its ellipsis.
		if (message != null && message.length() > MAX_ERROR_MESSAGE + 1) {
			throw new IllegalArgumentException("field 'errorMessage' must not be longer than "
					+ (MAX_ERROR_MESSAGE + 1) + " characters, has " + message.length());
		}
		return new EventError(type, message);
	}

	// Lower case with hyphens, as the types are: the form does not depend on Java's enum constant names.
	private static String detection(LockLostEvent.Detection detection) {
		return detection.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static LockLostEvent.Detection detection(String text) {
		for (LockLostEvent.Detection detection : LockLostEvent.Detection.values()) {
			if (detection(detection).equals(text)) {
				return detection;
			}
		}
		throw new IllegalArgumentException("unknown detection " + UntrustedText.quote(text));
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

	/**
	 * An event's lock as it travels: its handle, with the owner or only the owner's fingerprint.
	 *
	 * @param namespace the namespace root
	 * @param key the key
	 * @param owner the owner, or {@code null} if only its fingerprint travels
	 * @param ownerFingerprint the owner's fingerprint, 16 lower-case hex digits, or {@code null} if the owner travels
	 * @param expiry the lock's expiry
	 * @param token the lock's fencing token, {@code 0} for none
	 * @since 0.1.0
	 */
	public record EventLock(String namespace, String key, @Nullable String owner, @Nullable String ownerFingerprint,
			Expiry.Resolved expiry, long token) {

		/**
		 * Checks the values as {@link LockHandle}'s constructor does.
		 * @param namespace the namespace root
		 * @param key the key
		 * @param owner the owner, or {@code null}
		 * @param ownerFingerprint the owner's fingerprint, or {@code null}
		 * @param expiry the expiry
		 * @param token the fencing token
		 * @throws IllegalArgumentException if not exactly one of {@code owner} and {@code ownerFingerprint} is
		 * given, the fingerprint is not 16 lower-case hex digits, or the handle's constructor refuses a value
		 */
		public EventLock {
			if ((owner == null) == (ownerFingerprint == null)) {
				throw new IllegalArgumentException("exactly one of owner and ownerFingerprint must be given");
			}
			if (ownerFingerprint != null && !isFingerprint(ownerFingerprint)) {
				throw new IllegalArgumentException(
						"ownerFingerprint must be " + FINGERPRINT_LENGTH + " lower-case hex digits");
			}
			// The handle's checks, once; a fingerprint is as valid an owner as any.
			new LockHandle(namespace, key, (owner != null) ? owner : ownerFingerprint, expiry, token);
		}

		/**
		 * A handle's values, to travel with its owner or only the owner's fingerprint.
		 * @param handle the handle
		 * @param withOwner whether the owner travels (version 2) rather than its fingerprint (version 3)
		 * @return the values
		 */
		public static EventLock of(LockHandle handle, boolean withOwner) {
			return new EventLock(handle.namespace(), handle.key(), withOwner ? handle.owner() : null,
					withOwner ? null : OwnerFingerprint.of(handle.owner()), handle.expiry(), handle.token());
		}

		private static boolean isFingerprint(String text) {
			if (text.length() != FINGERPRINT_LENGTH) {
				return false;
			}
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
					return false;
				}
			}
			return true;
		}

	}

	/**
	 * The error of a {@link LockUnexpectedErrorEvent} as it travels: its class name and message, nothing more.
	 *
	 * @param type the fully qualified class name of the exception where it was thrown
	 * @param message its message, {@code null} if it had none
	 * @since 0.1.0
	 */
	public record EventError(String type, @Nullable String message) {

		/**
		 * An exception's class name and message.
		 * @param error the exception
		 * @return its values
		 */
		public static EventError of(Throwable error) {
			return new EventError(error.getClass().getName(), error.getMessage());
		}

	}

}
