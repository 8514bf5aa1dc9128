package dev.distlock;

/**
 * The two kinds of hold on a {@link ReadWriteLock}'s key.
 *
 * @since 0.1.0
 */
public enum LockMode {

	/** A shared hold: any number of owners may read at once, while nobody writes. */
	READ,

	/** An exclusive hold: one owner writes, while nobody else reads or writes. */
	WRITE

}
