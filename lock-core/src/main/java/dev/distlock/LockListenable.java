package dev.distlock;

import dev.distlock.event.LockEvent;
import dev.distlock.event.LockEventListener;
import dev.distlock.event.LockSubscription;

/**
 * Listens to lock events: the seed's {@code ILockListenable}. Separate from {@link LockProvider} so that code which
 * only watches locks cannot create them, and the reverse.
 *
 * <p>Listen to one event type with its record class, for example {@code LockAcquiredEvent.class}, or to all of them
 * with {@code LockEvent.class}.
 *
 * @since 0.1.0
 */
public interface LockListenable {

	/**
	 * Registers {@code listener} for events of {@code eventType} and its subtypes.
	 * @param <E> the event type
	 * @param eventType the event class, {@code LockEvent.class} for all events
	 * @param listener the listener
	 * @throws IllegalArgumentException if an argument is {@code null}
	 */
	<E extends LockEvent> void addListener(Class<E> eventType, LockEventListener<? super E> listener);

	/**
	 * Removes one registration made with the same type and listener; does nothing if there is none.
	 * @param <E> the event type
	 * @param eventType the event class it was registered with
	 * @param listener the listener
	 * @throws IllegalArgumentException if an argument is {@code null}
	 */
	<E extends LockEvent> void removeListener(Class<E> eventType, LockEventListener<? super E> listener);

	/**
	 * Registers {@code listener} for every lock event.
	 * @param listener the listener
	 * @throws IllegalArgumentException if {@code listener} is {@code null}
	 */
	default void addListener(LockEventListener<LockEvent> listener) {
		addListener(LockEvent.class, listener);
	}

	/**
	 * Removes a listener registered with {@link #addListener(LockEventListener)}.
	 * @param listener the listener
	 * @throws IllegalArgumentException if {@code listener} is {@code null}
	 */
	default void removeListener(LockEventListener<LockEvent> listener) {
		removeListener(LockEvent.class, listener);
	}

	/**
	 * Registers {@code listener} for events of {@code eventType} until the returned subscription is closed.
	 * @param <E> the event type
	 * @param eventType the event class, {@code LockEvent.class} for all events
	 * @param listener the listener
	 * @return the subscription; closing it removes the listener
	 * @throws IllegalArgumentException if an argument is {@code null}
	 */
	default <E extends LockEvent> LockSubscription subscribe(Class<E> eventType, LockEventListener<? super E> listener) {
		addListener(eventType, listener);
		return new OnceSubscription(() -> removeListener(eventType, listener));
	}

	/**
	 * Registers {@code listener} for every lock event until the returned subscription is closed.
	 * @param listener the listener
	 * @return the subscription; closing it removes the listener
	 * @throws IllegalArgumentException if {@code listener} is {@code null}
	 */
	default LockSubscription subscribe(LockEventListener<LockEvent> listener) {
		return subscribe(LockEvent.class, listener);
	}

}
