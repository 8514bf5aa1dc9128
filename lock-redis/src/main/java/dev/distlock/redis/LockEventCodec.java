package dev.distlock.redis;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import dev.distlock.Lock;
import dev.distlock.LockHandle;
import dev.distlock.LockProvider;
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
 * The text form of a lock event on the Redis channel: one flat JSON object, versioned, with the event's type, origin,
 * the lock's handle (its fencing token as {@code lockToken}) and the type's own values; the events that carry a
 * fencing token send it as {@code token}.
 *
 * <pre>
 * {"v":3,"type":"acquired","origin":"orders-7f3a","namespace":"lock","key":"orders:42",
 *  "ownerFingerprint":"3f2a9c0d8e7b6a51","ttl":"PT5M","lockToken":1712345678901234,"token":1712345678901234}
 * </pre>
 *
 * <p>The owner is the lock's credential, so by default it does not travel: version 3 carries its
 * {@linkplain OwnerFingerprint fingerprint} as {@code ownerFingerprint}, and the receiving side gets an
 * {@link OwnerlessLock}, which reads the key but cannot release, refresh or take it. Only a bus told to include owners
 * writes version 2, the same fields with {@code owner} in place of {@code ownerFingerprint}; its events arrive with
 * live locks of the receiving provider. An error message that contains the owner has it replaced by the fingerprint
 * unless owners are included.
 *
 * <p>Decoding only ever builds one of the nine event records; every other message (malformed, an unknown version, an
 * unknown type, a missing, extra or ill-typed field, another namespace) is rejected with an
 * {@link IllegalArgumentException} that says why. Every value is checked as the API checks it: the handle's values
 * by {@link LockHandle}'s constructor (non-blank, well-formed, within the key, owner and namespace limits, a TTL
 * positive and at most 100 years, a token not negative), every other string well-formed and not blank where it must
 * not be, {@code origin} and {@code errorType} at most {@value #MAX_TEXT} characters, the refreshed TTL positive and
 * at most 100 years. The messages quote a value at most as a short prefix, and never the owner. An error travels as
 * its class name and message.
 *
 * <p>Version 2 added the tokens and the {@code lost} event, version 3 the fingerprint. Each is a new version, not
 * optional fields, because older readers reject unknown fields: they say "version 'v' is 3" instead of "unexpected
 * field". Version-1 payloads (from instances not yet upgraded) are still read, their tokens as {@code 0}, "unknown",
 * as the events document it, and version 2 stays the form with owners, which instances of before version 3 read too.
 */
final class LockEventCodec {

	/** The version written by default: tokens, and the owner's fingerprint in place of the owner. */
	static final long VERSION = 3;

	/** The version written when owners are included: tokens and the owner. */
	static final long VERSION_WITH_OWNERS = 2;

	/** The version before tokens, still read. */
	static final long VERSION_WITHOUT_TOKENS = 1;

	/** Longest error message sent: enough to diagnose, short enough for a pub/sub message. */
	static final int MAX_ERROR_MESSAGE = 1000;

	/** Longest origin (instance id) and error type read. */
	static final int MAX_TEXT = 1024;

	/** Longest TTL: the API's limit, 100 years (core's constant is not public). */
	static final Duration MAX_TTL = Duration.ofDays(36_500);

	// Far more than any duration up to 100 years needs, so that Duration.parse never sees a megabyte.
	private static final int MAX_DURATION_TEXT = 64;

	private static final int FINGERPRINT_LENGTH = 16;

	private LockEventCodec() {
	}

	/**
	 * Encodes an event.
	 * @param event the event
	 * @param includeOwners whether the payload carries the owner (version 2) rather than its fingerprint (version 3)
	 * @return the payload
	 */
	static String encode(LockEvent event, boolean includeOwners) {
		Lock lock = event.lock();
		String namespace;
		@Nullable String owner;
		String fingerprint;
		@Nullable Duration ttl;
		long lockToken;
		if (lock instanceof OwnerlessLock ownerless) {
			// A received lock that owns nothing can only send its fingerprint, whatever this bus's setting.
			namespace = ownerless.getNamespace();
			owner = null;
			fingerprint = ownerless.getOwnerFingerprint();
			ttl = ownerless.getTtl().orElse(null);
			lockToken = ownerless.getFencingToken().orElse(0);
		}
		else {
			LockHandle handle = lock.toHandle();
			namespace = handle.namespace();
			owner = handle.owner();
			fingerprint = OwnerFingerprint.of(owner);
			ttl = handle.ttl();
			lockToken = handle.token();
		}
		boolean withOwner = includeOwners && owner != null;
		Map<String, @Nullable Object> values = new LinkedHashMap<>();
		values.put("v", withOwner ? VERSION_WITH_OWNERS : VERSION);
		values.put("type", type(event));
		values.put("origin", event.origin());
		values.put("namespace", namespace);
		values.put("key", lock.getKey());
		if (withOwner) {
			values.put("owner", owner);
		}
		else {
			values.put("ownerFingerprint", fingerprint);
		}
		values.put("ttl", (ttl != null) ? ttl.toString() : null);
		values.put("lockToken", lockToken);
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
			if (message != null && !withOwner && owner != null && !owner.isEmpty()) {
				// A backend's message may quote what it was sent; the owner must not travel in it either.
				message = message.replace(owner, fingerprint);
			}
			values.put("errorMessage", (message != null && message.length() > MAX_ERROR_MESSAGE)
					? UntrustedText.cut(message, MAX_ERROR_MESSAGE) + "…" : message);
		}
		return FlatJson.write(values);
	}

	/**
	 * Decodes a payload.
	 * @param payload the payload
	 * @param provider the receiving provider, whose locks the event's lock reads (or is, when the owner came)
	 * @return the event
	 * @throws IllegalArgumentException saying why, if the payload is not a lock event of the provider's namespace in
	 * one of the versions read
	 */
	static LockEvent decode(String payload, LockProvider provider) {
		Fields fields = new Fields(FlatJson.read(payload));
		long version = version(fields.value("v"));
		boolean tokens = version != VERSION_WITHOUT_TOKENS;
		String type = fields.text("type");
		String origin = fields.text("origin");
		if (origin.length() > MAX_TEXT) {
			throw new IllegalArgumentException("'origin' must not be longer than " + MAX_TEXT + " characters, has "
					+ origin.length());
		}
		String namespace = fields.text("namespace");
		String expected = provider.getNamespace().root();
		if (!namespace.equals(expected)) {
			throw new IllegalArgumentException("namespace is " + UntrustedText.quote(namespace) + ", not this provider's "
					+ UntrustedText.quote(expected));
		}
		String key = fields.text("key");
		Lock lock;
		if (version == VERSION) {
			String fingerprint = fields.fingerprint("ownerFingerprint");
			@Nullable Duration ttl = fields.nullableDuration("ttl");
			long lockToken = fields.token("lockToken");
			// An owner of its own that nobody holds: the reader can read the key, and the wrapper lets it do nothing
			// else.
			String nobody = UUID.randomUUID().toString();
			Lock reader = provider.restore(new LockHandle(namespace, key, nobody, ttl, lockToken));
			lock = new OwnerlessLock(namespace, reader, fingerprint);
		}
		else {
			String owner = fields.text("owner");
			@Nullable Duration ttl = fields.nullableDuration("ttl");
			long lockToken = tokens ? fields.token("lockToken") : 0;
			lock = provider.restore(new LockHandle(namespace, key, owner, ttl, lockToken));
		}
		LockEvent event = switch (type) {
			case "acquired" -> new LockAcquiredEvent(lock, origin, tokens ? fields.token("token") : 0);
			case "unavailable" -> new LockUnavailableEvent(lock, origin);
			case "released" -> new LockReleasedEvent(lock, origin, tokens ? fields.token("token") : 0);
			case "release-failed" -> new LockReleaseFailedEvent(lock, origin);
			case "refreshed" -> new LockRefreshedEvent(lock, origin, fields.ttl("refreshedTtl"),
					tokens ? fields.token("token") : 0);
			case "refresh-failed" -> new LockRefreshFailedEvent(lock, origin);
			case "force-released" -> new LockForceReleasedEvent(lock, origin, fields.bool("released"));
			case "unexpected-error" -> new LockUnexpectedErrorEvent(lock, origin, error(fields));
			case "lost" -> {
				if (!tokens) {
					throw new IllegalArgumentException("event type 'lost' is not in version " + VERSION_WITHOUT_TOKENS);
				}
				yield new LockLostEvent(lock, origin, fields.token("token"), detection(fields.text("detection")));
			}
			default -> throw new IllegalArgumentException("unknown event type " + UntrustedText.quote(type));
		};
		fields.requireNoOthers();
		return event;
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

	private static RemoteLockException error(Fields fields) {
		String type = fields.text("errorType");
		if (type.length() > MAX_TEXT) {
			throw new IllegalArgumentException("'errorType' must not be longer than " + MAX_TEXT + " characters, has "
					+ type.length());
		}
		String message = fields.nullableText("errorMessage");
		// The encoder's cut plus its ellipsis.
		if (message != null && message.length() > MAX_ERROR_MESSAGE + 1) {
			throw new IllegalArgumentException("'errorMessage' must not be longer than " + (MAX_ERROR_MESSAGE + 1)
					+ " characters, has " + message.length());
		}
		return new RemoteLockException(type, message);
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

	/** The payload's values, each read once with its type checked, so that leftovers can be refused. */
	private static final class Fields {

		private final Map<String, @Nullable Object> values;

		private final Set<String> read = new HashSet<>();

		Fields(Map<String, @Nullable Object> values) {
			this.values = values;
		}

		String text(String name) {
			String text = nullableText(name);
			if (text == null || UntrustedText.isBlank(text)) {
				throw new IllegalArgumentException("'" + name + "' must be a non-blank string");
			}
			return text;
		}

		@Nullable String nullableText(String name) {
			Object value = value(name);
			if (value == null) {
				return null;
			}
			if (!(value instanceof String text)) {
				throw new IllegalArgumentException("'" + name + "' must be a string");
			}
			if (!UntrustedText.isWellFormed(text)) {
				// No UTF-8 form: Redis would have turned it into '?', so it is nobody's key, owner or message.
				throw new IllegalArgumentException("'" + name + "' must be well-formed Unicode, has a lone surrogate");
			}
			return text;
		}

		String fingerprint(String name) {
			String text = nullableText(name);
			if (text == null || text.length() != FINGERPRINT_LENGTH || !isLowerHex(text)) {
				throw new IllegalArgumentException("'" + name + "' must be " + FINGERPRINT_LENGTH
						+ " lower-case hex digits");
			}
			return text;
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

		Duration ttl(String name) {
			Duration ttl = nullableDuration(name);
			if (ttl == null) {
				throw new IllegalArgumentException("'" + name + "' must not be null");
			}
			if (ttl.isNegative() || ttl.isZero()) {
				throw new IllegalArgumentException("'" + name + "' must be positive, was " + ttl);
			}
			if (ttl.compareTo(MAX_TTL) > 0) {
				throw new IllegalArgumentException("'" + name + "' must not exceed " + MAX_TTL.toDays()
						+ " days (100 years), was " + ttl);
			}
			return ttl;
		}

		@Nullable Duration nullableDuration(String name) {
			String text = nullableText(name);
			if (text == null) {
				return null;
			}
			if (text.length() > MAX_DURATION_TEXT) {
				throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 duration, has "
						+ text.length() + " characters");
			}
			try {
				return Duration.parse(text);
			}
			catch (DateTimeParseException ex) {
				throw new IllegalArgumentException("'" + name + "' must be an ISO-8601 duration, was "
						+ UntrustedText.quote(text));
			}
		}

		void requireNoOthers() {
			for (String name : this.values.keySet()) {
				if (!this.read.contains(name)) {
					throw new IllegalArgumentException("unexpected field " + UntrustedText.quote(name));
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

		private static boolean isLowerHex(String text) {
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if ((c < '0' || c > '9') && (c < 'a' || c > 'f')) {
					return false;
				}
			}
			return true;
		}

	}

}
