package dev.distlock.sample.booking;

/**
 * A booked seat.
 *
 * @param show the show
 * @param seat the seat, for example {@code "A7"}
 * @param customer who booked it
 */
record Booking(String show, String seat, String customer) {
}
