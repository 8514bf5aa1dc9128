package dev.distlock.sample.report;

/**
 * How far a show's report got.
 *
 * @param show the show
 * @param state NONE, RUNNING, DONE, INTERRUPTED or FAILED
 * @param chunksDone how many chunks are written
 */
record ReportStatus(String show, String state, int chunksDone) {
}
