package dev.distlock.sample.report;

/**
 * How far a show's report got, as the instance that answers knows it. The lock is shared by every instance (under the
 * {@code redis} and {@code jdbc} profiles), the progress is not: the instance that runs the job reports its chunks,
 * any other instance reports {@code RUNNING_ELSEWHERE}, read from the lock.
 *
 * @param show the show
 * @param state NONE, RUNNING, RUNNING_ELSEWHERE (another instance holds the report's lock), DONE, INTERRUPTED or
 * FAILED
 * @param chunksDone how many chunks this instance wrote; 0 unless it runs or ran the job
 * @param instanceId the instance that answers (its lock events' origin, the locks endpoint's {@code instanceId})
 */
record ReportStatus(String show, String state, int chunksDone, String instanceId) {
}
