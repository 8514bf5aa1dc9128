package dev.distlock;

/**
 * A read-write lock on one key: any number of owners read at once, or one owner writes, across every process that
 * shares the backend. Created by {@link ReadWriteLockProvider#create(String)}.
 *
 * <p>Its two halves are {@link Lease}s of one owner: {@link #readLock()} and {@link #writeLock()}, each with
 * everything a {@link Lock} offers for its hold (acquire, blocking, release, refresh, renewal, fencing tokens,
 * {@code run*}, events) and a TTL of its own, so a crashed holder's hold ends with its TTL.
 *
 * <ul>
 * <li><b>Writer preference.</b> While a writer waits ({@code acquireBlocking} and relatives), new readers are
 * refused, so a stream of readers cannot starve it; readers already in keep their holds until they release. The
 * intent is renewed at every attempt of the wait; a waiting writer that crashes holds readers back for at most five
 * seconds (or three retry intervals, if longer, and never longer than its TTL) after its last attempt.
 * {@link #forceReleaseAll()} withdraws intents too.</li>
 * <li><b>No upgrade.</b> Acquiring the write half while this owner holds a read of the key throws
 * {@link LockUpgradeException} at once, decided by the backend (two readers upgrading would wait for each
 * other).</li>
 * <li><b>Downgrade allowed.</b> While writing, the read half may be acquired; releasing the write then leaves the
 * owner reading, with no writer in between.</li>
 * </ul>
 *
 * <pre>{@code
 * ReadWriteLock catalog = readWriteLocks.create("catalog");
 * catalog.readLock().runBlocking(() -> serve(cache));
 * catalog.writeLock().runBlocking(() -> rebuild(cache));
 * }</pre>
 *
 * @since 0.1.0
 */
public interface ReadWriteLock {

	/**
	 * The shared half: held by this owner beside other readers, while nobody writes.
	 * @return the read lease, the same object on every call
	 */
	Lease readLock();

	/**
	 * The exclusive half: held by this owner alone.
	 * @return the write lease, the same object on every call
	 */
	Lease writeLock();

	/**
	 * The key as the user gave it, without the namespace.
	 * @return the key
	 */
	String getKey();

	/**
	 * The owner token both halves hold under: the lock's credential, see {@link Lock#getOwner()}.
	 * @return the owner
	 */
	String getOwner();

	/**
	 * Reads the key's holds from this owner's point of view, in one round trip.
	 * @return readers, writer, waiting writers and this owner's holds
	 */
	ReadWriteLockState getState();

	/**
	 * Frees every hold of the key, reads and write, whoever has them, and withdraws every waiting writer's intent:
	 * for operators clearing a stuck key.
	 * @return how many live holds were freed
	 */
	int forceReleaseAll();

	/**
	 * This lock as a plain value to hand to another process.
	 * @return the handle, with the owner and each half's fencing token
	 */
	ReadWriteLockHandle toHandle();

}
