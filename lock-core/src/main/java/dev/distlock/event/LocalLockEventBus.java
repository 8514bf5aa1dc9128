package dev.distlock.event;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to listeners in this JVM, synchronously, on the publishing thread.
 *
 * @since 0.1.0
 */
public final class LocalLockEventBus implements LockEventBus {

	private static final Logger logger = LoggerFactory.getLogger(LocalLockEventBus.class);

	// Copy-on-write: events are published far more often than listeners change.
	private final CopyOnWriteArrayList<Registration<?>> registrations = new CopyOnWriteArrayList<>();

	/** Creates a bus without listeners. */
	public LocalLockEventBus() {
	}

	@Override
	public void publish(LockEvent event) {
		Objects.requireNonNull(event, "event");
		for (Registration<?> registration : this.registrations) {
			registration.deliver(event);
		}
	}

	@Override
	public <E extends LockEvent> void addListener(Class<E> eventType, LockEventListener<? super E> listener) {
		this.registrations.add(new Registration<>(requireType(eventType), requireListener(listener)));
	}

	@Override
	public <E extends LockEvent> void removeListener(Class<E> eventType, LockEventListener<? super E> listener) {
		this.registrations.remove(new Registration<>(requireType(eventType), requireListener(listener)));
	}

	private static <E extends LockEvent> Class<E> requireType(Class<E> eventType) {
		if (eventType == null) {
			throw new IllegalArgumentException("eventType must not be null");
		}
		return eventType;
	}

	private static <L> L requireListener(L listener) {
		if (listener == null) {
			throw new IllegalArgumentException("listener must not be null");
		}
		return listener;
	}

	private record Registration<E extends LockEvent>(Class<E> eventType, LockEventListener<? super E> listener) {

		void deliver(LockEvent event) {
			if (!this.eventType.isInstance(event)) {
				return;
			}
			try {
				this.listener.onEvent(this.eventType.cast(event));
			}
			catch (VirtualMachineError ex) {
				throw ex;
			}
			catch (Throwable ex) {
				logger.warn("Lock event listener {} failed on {}", this.listener, event, ex);
			}
		}

	}

}
