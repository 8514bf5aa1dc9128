package dev.distlock.event;

/**
 * Receives lock events. Called on the thread that performed the lock operation; an exception it throws is logged
 * and never reaches the lock operation or other listeners.
 *
 * @param <E> the event type listened to
 * @since 0.1.0
 */
@FunctionalInterface
public interface LockEventListener<E extends LockEvent> {

	/**
	 * Handles one event.
	 * @param event the event
	 */
	void onEvent(E event);

}
