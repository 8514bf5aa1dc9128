/**
 * A scheduled job that every instance schedules and exactly one runs per tick: {@code @Scheduled} with
 * {@code @DistributedLock(ifNotAcquired = SKIP, holdAtLeast = ...)}.
 */
@NullMarked
package dev.distlock.sample.nightly;

import org.jspecify.annotations.NullMarked;
