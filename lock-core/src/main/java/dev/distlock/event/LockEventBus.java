package dev.distlock.event;

import dev.distlock.LockListenable;

/**
 * The SPI that carries lock events from the provider to listeners: locally by default
 * ({@link LocalLockEventBus}), or further, for example to every instance of an application.
 *
 * <p>Implementations are thread-safe, deliver each event to every listener registered for its type or a supertype,
 * and isolate listeners: one that throws is logged and skipped.
 */
public interface LockEventBus extends LockListenable {

	/**
	 * Delivers {@code event} to the listeners of its type.
	 * @param event the event
	 */
	void publish(LockEvent event);

}
