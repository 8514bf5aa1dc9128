package dev.distlock.sample.booking;

import java.util.List;
import java.util.Optional;

/**
 * Where bookings are kept. Deliberately a plain read and a plain write, with no atomic "book if free": the lock is
 * what keeps two requests from booking the same seat. (A real application would add a unique constraint too.)
 */
interface SeatRepository {

	Optional<Booking> find(String show, String seat);

	void save(Booking booking);

	List<Booking> findAll(String show);

}
