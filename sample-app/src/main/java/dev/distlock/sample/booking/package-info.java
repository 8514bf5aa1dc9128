/**
 * Booking seats: {@code @DistributedLock} on a service method, with a key from the request.
 */
@NullMarked
package dev.distlock.sample.booking;

import org.jspecify.annotations.NullMarked;
