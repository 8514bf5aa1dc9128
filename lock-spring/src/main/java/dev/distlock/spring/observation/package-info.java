/**
 * Metrics and tracing of lock operations on Micrometer's Observation API
 * ({@link dev.distlock.spring.observation.ObservationLockObserver}, documented by
 * {@link dev.distlock.spring.observation.LockObservation}), and the locks this instance holds
 * ({@link dev.distlock.spring.observation.HeldLocks}) with their meters. Needs Micrometer, an optional dependency,
 * except for {@code HeldLocks}.
 */
@NullMarked
package dev.distlock.spring.observation;

import org.jspecify.annotations.NullMarked;
