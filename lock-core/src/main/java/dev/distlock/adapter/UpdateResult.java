package dev.distlock.adapter;

/**
 * What an owner-checked release or refresh found, decided in the same atomic step as the change.
 *
 * @since 0.1.0
 */
public enum UpdateResult {

	/** The owner held the key under the expected token, and the change was made. */
	UPDATED,

	/** Nobody holds the key: it was never acquired, was released, or expired. Nothing changed. */
	NOT_HELD,

	/** Another owner holds the key, or the same owner under another token (another hold). Nothing changed. */
	HELD_BY_OTHER,

	/** Only from refresh: the owner holds the key, but without expiry, so there is no TTL to set. Nothing changed. */
	NEVER_EXPIRES

}
