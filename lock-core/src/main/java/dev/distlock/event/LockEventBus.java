package dev.distlock.event;

import dev.distlock.LockListenable;
import dev.distlock.LockProvider;

/**
 * The SPI that carries lock events from the provider to listeners: locally by default
 * ({@link LocalLockEventBus}), or further, for example to every instance of an application.
 *
 * <p>Implementations are thread-safe, deliver each event to every listener registered for its type or a supertype,
 * and isolate listeners: one that throws is logged and skipped.
 *
 * @since 0.1.0
 */
public interface LockEventBus extends LockListenable {

	/**
	 * Delivers {@code event} to the listeners of its type.
	 * @param event the event
	 */
	void publish(LockEvent event);

	/**
	 * Called once by the provider that publishes through this bus, when it is built and before any event. A bus
	 * that carries events between instances uses it to learn the provider's namespace and instance id, and to turn
	 * received lock handles back into locks with {@link LockProvider#restore(dev.distlock.LockHandle)}. Does nothing
	 * by default.
	 * @param provider the provider this bus serves
	 */
	default void bind(LockProvider provider) {
	}

}
