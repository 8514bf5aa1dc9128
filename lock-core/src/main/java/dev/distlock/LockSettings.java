package dev.distlock;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * A lock's own TTL and owner, each falling back to the provider's default when not set.
 *
 * <pre>{@code
 * provider.create("report", LockSettings.defaults().withTtl(Duration.ofSeconds(30)));
 * provider.create("document:7", LockSettings.defaults().withOwner("user-42").withExpiry(Expiry.never()));
 * }</pre>
 *
 * @param expiry when the lock expires once acquired: the provider's default, a TTL of its own, or never
 * @param ownerParts the owner's parts, joined with the namespace delimiter (at most
 * {@link LockProvider#MAX_OWNER_LENGTH} characters joined), or {@code null} to generate an owner
 * @param name a name for metrics and logs, shared by every lock of one kind (never a key), or {@code null}
 * @param renewal whether the lock is renewed in the background while held
 * @param holdAtLeast how long the key stays held after the acquire at least, even if released sooner, or
 * {@code null} for no minimum
 * @since 0.1.0
 */
public record LockSettings(Expiry expiry, @Nullable List<String> ownerParts,
		@Nullable String name, Renewal renewal, @Nullable Duration holdAtLeast) {

	private static final LockSettings DEFAULTS = new LockSettings(Expiry.providerDefault(), null, null, Renewal.DEFAULT,
			null);

	/**
	 * Checks and copies the values.
	 * @param expiry the expiry
	 * @param ownerParts the owner's parts, none blank, or {@code null}
	 * @param name the lock's name, not blank, or {@code null}
	 * @param renewal whether the lock is renewed while held
	 * @param holdAtLeast the minimum hold, positive and at most {@code ttl}, or {@code null}
	 * @throws IllegalArgumentException if {@code expiry} is {@code null}, {@code ownerParts} is empty, an owner part is
	 * blank or malformed, the joined owner is longer
	 * than {@link LockProvider#MAX_OWNER_LENGTH}, {@code name} is blank or malformed, {@code renewal} is
	 * {@code null}, or {@code holdAtLeast} is not positive or longer than the TTL; a message never quotes an owner
	 */
	public LockSettings {
		Arguments.requireNonNull("expiry", expiry);
		Arguments.requireNonNull("renewal", renewal);
		if (holdAtLeast != null) {
			requireHoldAtLeast(holdAtLeast, (expiry instanceof Expiry.After after) ? after.ttl() : null);
		}
		if (ownerParts != null) {
			// Owners follow the same rules as key parts, with a limit of their own. Every delimiter is one
			// character, so the joined length is known here, before any namespace is.
			ownerParts = List.copyOf(Arguments.requireParts("owner", ownerParts, LockProvider.MAX_OWNER_LENGTH, false));
		}
		if (name != null) {
			Arguments.requireText("name", name);
		}
	}

	/**
	 * Everything from the provider: its default TTL and a generated owner.
	 * @return the default settings
	 */
	public static LockSettings defaults() {
		return DEFAULTS;
	}

	/**
	 * These settings with a TTL of their own: {@code withExpiry(Expiry.after(ttl))}.
	 * @param ttl how long the lock lives once acquired, unless refreshed
	 * @return new settings
	 * @throws IllegalArgumentException if {@code ttl} is {@code null}, zero, negative or over 100 years, or shorter
	 * than these settings' minimum hold
	 */
	public LockSettings withTtl(Duration ttl) {
		return withExpiry(Expiry.after(ttl));
	}

	/**
	 * These settings with another expiry: {@link Expiry#providerDefault()}, {@link Expiry#after(Duration)} or
	 * {@link Expiry#never()} for a lock that lives until released (or force released).
	 * @param expiry the expiry
	 * @return new settings
	 * @throws IllegalArgumentException if {@code expiry} is {@code null}, or a TTL shorter than these settings'
	 * minimum hold
	 */
	public LockSettings withExpiry(Expiry expiry) {
		return new LockSettings(expiry, this.ownerParts, this.name, this.renewal, this.holdAtLeast);
	}

	/**
	 * These settings with a chosen owner instead of a generated one. Two locks with the same owner are the same
	 * holder: use it to release elsewhere, or to lock on behalf of an end user, never to share a lock by accident.
	 * @param owner the owner
	 * @return new settings
	 * @throws IllegalArgumentException if {@code owner} is {@code null}, blank, malformed or longer than
	 * {@link LockProvider#MAX_OWNER_LENGTH}; the message never quotes it
	 */
	public LockSettings withOwner(String owner) {
		return new LockSettings(this.expiry, List.of(Arguments.requireOwner("owner", owner)), this.name,
				this.renewal, this.holdAtLeast);
	}

	/**
	 * These settings with an owner made of parts, joined with the namespace delimiter like key parts.
	 * @param ownerParts the owner's parts, for example {@code ["user", "1"]}
	 * @return new settings
	 * @throws IllegalArgumentException if {@code ownerParts} is {@code null} or empty, a part is {@code null}, blank
	 * or malformed, or the joined owner is longer than {@link LockProvider#MAX_OWNER_LENGTH}; the message never
	 * quotes an owner
	 */
	public LockSettings withOwner(Iterable<String> ownerParts) {
		// Checked as they come, so that a huge iterable fails at the limit instead of being copied whole first.
		List<String> parts = Arguments.requireParts("owner", ownerParts, LockProvider.MAX_OWNER_LENGTH, false);
		return new LockSettings(this.expiry, parts, this.name, this.renewal, this.holdAtLeast);
	}

	/**
	 * These settings with a name for metrics and logs. Name a <em>kind</em> of lock ({@code "order-shipping"}), not
	 * one lock: a name becomes a metric tag, and tags must stay few.
	 * @param name the name
	 * @return new settings
	 * @throws IllegalArgumentException if {@code name} is {@code null} or blank
	 */
	public LockSettings withName(String name) {
		return new LockSettings(this.expiry, this.ownerParts, Arguments.requireText("name", name),
				this.renewal, this.holdAtLeast);
	}

	/**
	 * These settings with renewal switched on or off, whatever the provider's default: a renewed lock keeps its key
	 * while the holder works past its TTL, and frees it within one TTL when the holder dies.
	 * @param renewal {@link Renewal#ENABLED}, {@link Renewal#DISABLED}, or {@link Renewal#DEFAULT} for the provider's
	 * default
	 * @return new settings
	 * @throws IllegalArgumentException if {@code renewal} is {@code null}
	 */
	public LockSettings withRenewal(Renewal renewal) {
		return new LockSettings(this.expiry, this.ownerParts, this.name,
				Arguments.requireNonNull("renewal", renewal), this.holdAtLeast);
	}

	/**
	 * These settings with a minimum hold: the key stays held for at least {@code holdAtLeast} after the acquire, even
	 * when the lock is released sooner. A release before then does not free the key: it shortens the hold to what is
	 * left of the minimum, atomically on the backend, and the key expires then. For work that must not run twice
	 * within a period, such as a scheduled job on several instances whose ticks arrive a little apart.
	 * @param holdAtLeast the minimum hold, measured from when the acquire's reply arrived
	 * @return new settings
	 * @throws IllegalArgumentException if {@code holdAtLeast} is {@code null}, zero, negative, or longer than these
	 * settings' TTL
	 */
	public LockSettings withHoldAtLeast(Duration holdAtLeast) {
		Arguments.requireNonNull("holdAtLeast", holdAtLeast);
		return new LockSettings(this.expiry, this.ownerParts, this.name, this.renewal, holdAtLeast);
	}

	/**
	 * The minimum hold given in {@link #withHoldAtLeast(Duration)}.
	 * @return the minimum hold, or {@code null} for none
	 */
	public @Nullable Duration getHoldAtLeast() {
		return this.holdAtLeast;
	}

	/**
	 * Checks a minimum hold against the TTL it must fit in.
	 * @param holdAtLeast the minimum hold
	 * @param ttl the lock's TTL, or {@code null} when not known here (a lock without expiry, or the provider's default)
	 * @throws IllegalArgumentException if {@code holdAtLeast} is not positive or longer than {@code ttl}
	 */
	static void requireHoldAtLeast(Duration holdAtLeast, @Nullable Duration ttl) {
		Arguments.requireTtl("holdAtLeast", holdAtLeast);
		if (ttl != null && holdAtLeast.compareTo(ttl) > 0) {
			// The key would expire before the minimum is over: a hold at least that cannot be kept.
			throw new IllegalArgumentException("holdAtLeast (" + holdAtLeast + ") must not be longer than the ttl ("
					+ ttl + ")");
		}
	}

	/**
	 * The settings without the owner's parts, which make the lock's credential: {@code toString} output ends up in
	 * logs.
	 * @return the expiry, whether an owner is given, name, renewal and minimum hold
	 */
	@Override
	public String toString() {
		return "LockSettings[expiry=" + this.expiry + ", owner="
				+ ((this.ownerParts != null) ? "given" : "generated") + ", name=" + this.name + ", renewal="
				+ this.renewal + ", holdAtLeast=" + this.holdAtLeast + "]";
	}

}
