package dev.distlock.sample.booking;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Repository;

/** Bookings in this JVM's memory: the default, matching the in-memory lock adapter. */
@Repository
@Profile("!redis & !jdbc")
class InMemorySeatRepository implements SeatRepository {

	private final Map<String, Booking> bookings = new ConcurrentHashMap<>();

	@Override
	public Optional<Booking> find(String show, String seat) {
		return Optional.ofNullable(this.bookings.get(show + "/" + seat));
	}

	@Override
	public void save(Booking booking) {
		this.bookings.put(booking.show() + "/" + booking.seat(), booking);
	}

	@Override
	public List<Booking> findAll(String show) {
		return this.bookings.values()
			.stream()
			.filter((booking) -> booking.show().equals(show))
			.sorted(Comparator.comparing(Booking::seat))
			.toList();
	}

}
