/**
 * Actuator support: the {@code locks} endpoint ({@link dev.distlock.spring.actuate.LocksEndpoint}) and the
 * {@code distlock} health indicator ({@link dev.distlock.spring.actuate.LockHealthIndicator}).
 */
@NullMarked
package dev.distlock.spring.actuate;

import org.jspecify.annotations.NullMarked;
