package dev.distlock.event;

/**
 * A bus that drops every event and keeps no listener: switches lock events off.
 *
 * @since 0.1.0
 */
public final class NoOpLockEventBus implements LockEventBus {

	/** Creates the bus. */
	public NoOpLockEventBus() {
	}

	@Override
	public void publish(LockEvent event) {
	}

	@Override
	public <E extends LockEvent> void addListener(Class<E> eventType, LockEventListener<? super E> listener) {
	}

	@Override
	public <E extends LockEvent> void removeListener(Class<E> eventType, LockEventListener<? super E> listener) {
	}

}
