package dev.distlock.sample.events;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.distlock.event.LockEvent;
import dev.distlock.event.LockLostEvent;
import dev.distlock.event.LockUnavailableEvent;

/**
 * Listens to lock events like to any Spring application event, logs them, and serves the latest at
 * {@code GET /lock-events}. Owners appear in neither (an owner is its lock's credential): the log names the key, the
 * list shows the owner's fingerprint.
 */
@RestController
class LockEventLog {

	private static final Logger logger = LoggerFactory.getLogger(LockEventLog.class);

	private static final int KEPT = 50;

	private final Deque<LockEventView> latest = new ArrayDeque<>();

	@EventListener
	void on(LockEvent event) {
		// Never the owner in a log line: it is the lock's credential, and anyone holding it can release the lock.
		logger.info("{} {} from {}", event.getClass().getSimpleName(), event.lock().getKey(), event.origin());
		synchronized (this.latest) {
			this.latest.addFirst(LockEventView.of(event));
			if (this.latest.size() > KEPT) {
				this.latest.removeLast();
			}
		}
	}

	@EventListener
	void onBusy(LockUnavailableEvent event) {
		logger.warn("Busy: {} is held by another owner", event.lock().getKey());
	}

	@EventListener
	void onLost(LockLostEvent event) {
		// The one event that says mutual exclusion may have been broken: worth more than an INFO line.
		logger.warn("Lost: {} was found lost by {}; another holder may have run the same work", event.lock().getKey(),
				event.detection().description());
	}

	@GetMapping("/lock-events")
	List<LockEventView> latest() {
		synchronized (this.latest) {
			return List.copyOf(this.latest);
		}
	}

	/**
	 * A lock event as the API shows it.
	 * @param type the event's type, for example {@code LockAcquiredEvent}
	 * @param key the lock's key
	 * @param ownerFingerprint the fingerprint of the lock's owner: it tells holders apart (the same on every instance,
	 * for events received from other instances too), and unlike the owner it cannot restore or release the lock
	 * @param origin the instance that fired it
	 */
	record LockEventView(String type, String key, String ownerFingerprint, String origin) {

		static LockEventView of(LockEvent event) {
			return new LockEventView(event.getClass().getSimpleName(), event.lock().getKey(),
					event.lock().getOwnerFingerprint(), event.origin());
		}

	}

}
