/**
 * Auto-configuration of lock metrics and traces on Micrometer, when the application has an
 * {@code ObservationRegistry} or a {@code MeterRegistry}.
 */
@NullMarked
package dev.distlock.spring.boot.autoconfigure.observation;

import org.jspecify.annotations.NullMarked;
