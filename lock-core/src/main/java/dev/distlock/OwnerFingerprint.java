package dev.distlock;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A short, non-reversible stand-in for an owner, for every place an owner must not go (logs, endpoints, health,
 * metrics, events sent to other instances): operators can tell two holders apart, and nobody can restore or release
 * a lock with it. An owner is the lock's credential; its fingerprint is not.
 *
 * <p>The fingerprint is the first 64 bits of the owner's SHA-256, in hex. It hides random owners (distlock's default
 * owners are random UUIDs); an owner that can be guessed (a user id) can be confirmed from its fingerprint, as from
 * any hash, so keep owners you choose yourself unguessable if the fingerprints are shown to anyone untrusted.
 *
 * @since 0.1.0
 */
public final class OwnerFingerprint {

	private static final HexFormat HEX = HexFormat.of();

	private OwnerFingerprint() {
	}

	/**
	 * The fingerprint of an owner.
	 * @param owner the owner
	 * @return 16 lower-case hex digits, the same for the same owner in every process
	 * @throws IllegalArgumentException if {@code owner} is {@code null}
	 */
	public static String of(String owner) {
		Arguments.requireNonNull("owner", owner);
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8));
			return HEX.formatHex(digest, 0, 8);
		}
		catch (NoSuchAlgorithmException ex) {
			// Every Java platform must have SHA-256 (MessageDigest's documentation).
			throw new IllegalStateException("SHA-256 is missing from this Java runtime", ex);
		}
	}

}
