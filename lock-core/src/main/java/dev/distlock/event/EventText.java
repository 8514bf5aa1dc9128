package dev.distlock.event;

import dev.distlock.Lock;

/**
 * The {@code toString} of every event: the lock's key and its {@linkplain Lock#getOwnerFingerprint() owner's
 * fingerprint}, never the owner. Events are
 * logged whole (a failing listener is logged with its event), and an owner is the lock's credential.
 */
final class EventText {

	private EventText() {
	}

	/**
	 * Describes an event.
	 * @param event the event
	 * @param details the event's own values after the lock's, each as {@code ", name=value"}; empty if none
	 * @return for example {@code LockAcquiredEvent[key=orders:1, ownerFingerprint=3f2a…, origin=host-1, token=7]}
	 */
	static String of(LockEvent event, String details) {
		// From the lock's key and fingerprint, not from its toString: a Lock implemented elsewhere may print its
		// owner. A lock received from another instance without its owner gives the sender's owner's fingerprint.
		Lock lock = event.lock();
		return event.getClass().getSimpleName() + "[key=" + lock.getKey() + ", ownerFingerprint="
				+ lock.getOwnerFingerprint() + ", origin=" + event.origin() + details + "]";
	}

}
