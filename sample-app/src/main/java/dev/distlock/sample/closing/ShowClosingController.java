package dev.distlock.sample.closing;

import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;

/**
 * {@code POST /shows/{show}/closing} locks the show in the request, so a second request gets 409 at once, and hands
 * the lock to the worker, which releases it when the show is closed. The lock travels to the worker with its owner
 * (that is what lets the worker release it); the response shows only the owner's fingerprint.
 */
@RestController
class ShowClosingController {

	private final LockProvider locks;

	private final JsonMapper jsonMapper;

	private final ShowClosingWorker worker;

	ShowClosingController(LockProvider locks, JsonMapper jsonMapper, ShowClosingWorker worker) {
		this.locks = locks;
		this.jsonMapper = jsonMapper;
		this.worker = worker;
	}

	@PostMapping("/shows/{show}/closing")
	@ResponseStatus(HttpStatus.ACCEPTED)
	ClosingStarted close(@PathVariable String show) {
		Lock lock = this.locks.create(List.of("show", show),
				LockSettings.defaults().withTtl(Duration.ofMinutes(1)).withName("show-closing"));
		lock.acquireOrFail();
		try {
			this.worker.send(this.jsonMapper.writeValueAsString(new CloseShowMessage(show, lock)));
		}
		catch (RuntimeException ex) {
			// Not handed over, so nobody else will release it.
			lock.release();
			throw ex;
		}
		// Never the owner: it is the lock's credential, and whoever reads this response could release the lock with
		// it. Its fingerprint matches the one GET /lock-events lists, and releases nothing.
		return new ClosingStarted(show, "CLOSING", lock.getOwnerFingerprint());
	}

	/**
	 * The answer to a closing request; a record, so its fields are written in this order on every call.
	 * @param show the show
	 * @param state always {@code CLOSING}: the worker closes it in the background
	 * @param ownerFingerprint the fingerprint of the lock's owner, as {@code GET /lock-events} and
	 * {@code /actuator/locks} show it
	 */
	record ClosingStarted(String show, String state, String ownerFingerprint) {
	}

	/** The shows this instance's worker closed: per instance, like the worker (a real queue would record it). */
	@GetMapping("/shows/closed")
	List<String> closed() {
		return this.worker.closedShows();
	}

}
