package dev.distlock.spring.event;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

import dev.distlock.LockListenable;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockEventListener;

/**
 * Publishes every lock event, the record itself, as a Spring application event, so that
 * {@code @EventListener void on(LockAcquiredEvent event)} receives it. Register it on a {@link LockListenable}.
 *
 * <p>Application listeners run on the thread of the lock operation, as lock event listeners do. One that throws is
 * logged and never breaks the lock operation: Spring's event multicaster rethrows a listener's exception unless it
 * has an error handler, so this bridge catches it.
 *
 * @since 0.1.0
 */
public final class LockApplicationEventBridge implements LockEventListener<LockEvent> {

	private static final Logger logger = LoggerFactory.getLogger(LockApplicationEventBridge.class);

	private final ApplicationEventPublisher publisher;

	/**
	 * Creates a bridge to {@code publisher}.
	 * @param publisher where events go, usually the application context
	 */
	public LockApplicationEventBridge(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void onEvent(LockEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (VirtualMachineError ex) {
			throw ex;
		}
		catch (Throwable ex) {
			// The lock operation has happened; a listener's failure must not make it look as if it had not.
			logger.warn("An application listener failed on {}; the lock operation is not affected", event, ex);
		}
	}

}
