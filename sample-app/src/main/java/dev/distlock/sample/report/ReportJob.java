package dev.distlock.sample.report;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import dev.distlock.Lock;
import dev.distlock.LockProvider;
import dev.distlock.LockSettings;
import dev.distlock.LockState;

/**
 * A long job that uses an injected {@link LockProvider} by hand. Its lock's TTL is shorter than the whole job on
 * purpose: the job refreshes the lock before each chunk, so a crashed job frees the show's report within one TTL,
 * while a healthy one keeps it for as long as it needs. The lock is shared by every instance; the progress is kept
 * in this instance's memory, so {@link #status} says which instance answers, and reads the lock for a job that runs
 * on another one.
 */
@Component
class ReportJob implements DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(ReportJob.class);

	private final LockProvider locks;

	private final ReportSettings settings;

	private final Map<String, ReportStatus> statuses = new ConcurrentHashMap<>();

	private final ExecutorService workers = Executors.newCachedThreadPool();

	ReportJob(LockProvider locks, @Value("${sample.report.chunks:5}") int chunks,
			@Value("${sample.report.chunk-time:1s}") Duration chunkTime, @Value("${sample.report.ttl:3s}") Duration ttl) {
		this.locks = locks;
		this.settings = new ReportSettings(chunks, chunkTime, ttl);
	}

	/** Starts the report of {@code show}; throws KeyAlreadyAcquiredException (409) while one is running. */
	ReportStatus start(String show) {
		Lock lock = lockOf(show);
		lock.acquireOrFail();
		ReportStatus running = status(show, "RUNNING", 0);
		this.statuses.put(show, running);
		// Acquired on the request thread, released on the worker: ownership is the lock's owner, not a thread.
		try {
			this.workers.execute(() -> run(show, lock));
		}
		catch (RuntimeException ex) {
			lock.release();
			throw ex;
		}
		return running;
	}

	ReportStatus status(String show) {
		ReportStatus known = this.statuses.get(show);
		if (known != null && known.state().equals("RUNNING")) {
			return known;
		}
		// Not running here: held means another instance runs it (a fresh lock's owner is nobody's, so any holder is
		// another owner).
		if (lockOf(show).getState() instanceof LockState.Unavailable) {
			return status(show, "RUNNING_ELSEWHERE", 0);
		}
		return (known != null) ? known : status(show, "NONE", 0);
	}

	private Lock lockOf(String show) {
		return this.locks.create(List.of("report", show),
				LockSettings.defaults().withTtl(this.settings.ttl()).withName("report"));
	}

	private ReportStatus status(String show, String state, int chunksDone) {
		return new ReportStatus(show, state, chunksDone, this.locks.getInstanceId());
	}

	private void run(String show, Lock lock) {
		try {
			for (int chunk = 1; chunk <= this.settings.chunks(); chunk++) {
				lock.refreshOrFail();
				Thread.sleep(this.settings.chunkTime().toMillis());
				this.statuses.put(show, status(show, "RUNNING", chunk));
			}
			this.statuses.put(show, status(show, "DONE", this.settings.chunks()));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.statuses.put(show, status(show, "INTERRUPTED", 0));
		}
		catch (RuntimeException ex) {
			logger.warn("Report of show {} failed", show, ex);
			this.statuses.put(show, status(show, "FAILED", 0));
		}
		finally {
			lock.release();
		}
	}

	@Override
	public void destroy() {
		this.workers.shutdownNow();
	}

	private record ReportSettings(int chunks, Duration chunkTime, Duration ttl) {
	}

}
