package dev.distlock.sample;

/**
 * {@link OwnerLeakCheck} on the sample as a newcomer first runs it: locks, bookings and events in memory.
 */
class OwnersNeverLeaveTheSampleTests extends OwnerLeakCheck {

}
