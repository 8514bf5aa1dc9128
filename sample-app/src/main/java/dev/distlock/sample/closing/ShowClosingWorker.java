package dev.distlock.sample.closing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import dev.distlock.Lock;

/**
 * A background worker fed by a queue of JSON messages; it stands for a queue consumer in another process. The lock
 * in each message arrives as a live lock, as the same owner: the worker does the work and releases the lock the web
 * request acquired.
 */
@Component
class ShowClosingWorker implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ShowClosingWorker.class);

	private final JsonMapper jsonMapper;

	private final Duration workTime;

	private final List<String> closedShows = new CopyOnWriteArrayList<>();

	// One thread: the stand-in for a message listener container.
	private final ExecutorService queue = Executors.newSingleThreadExecutor();

	ShowClosingWorker(JsonMapper jsonMapper, @Value("${sample.closing.work-time:2s}") Duration workTime) {
		this.jsonMapper = jsonMapper;
		this.workTime = workTime;
	}

	/** Receives a message as a queue would deliver it: as text. */
	void send(String message) {
		this.queue.execute(() -> receive(message));
	}

	List<String> closedShows() {
		return List.copyOf(this.closedShows);
	}

	private void receive(String message) {
		CloseShowMessage closing = this.jsonMapper.readValue(message, CloseShowMessage.class);
		Lock lock = closing.lock();
		try {
			Thread.sleep(this.workTime.toMillis());
			this.closedShows.add(closing.show());
			// A lock prints its key and its owner's fingerprint, never the owner.
			logger.info("Closed show {} under lock {}", closing.show(), lock);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			lock.release();
		}
	}

	@Override
	public void destroy() {
		this.queue.shutdownNow();
	}

}
