package dev.distlock.sample.booking;

import java.util.List;
import java.util.Optional;

import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Bookings in the {@code sample_bookings} table ({@code db/sample-bookings.sql}), shared by every instance of the
 * application: with the {@code jdbc} profile, instances share both the locks and the bookings, in one PostgreSQL.
 */
@Repository
@Profile("jdbc")
class JdbcSeatRepository implements SeatRepository {

	private final JdbcClient jdbc;

	JdbcSeatRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public Optional<Booking> find(String show, String seat) {
		return this.jdbc.sql("SELECT customer FROM sample_bookings WHERE show_name = ? AND seat = ?")
			.params(show, seat)
			.query(String.class)
			.optional()
			.map((customer) -> new Booking(show, seat, customer));
	}

	@Override
	public void save(Booking booking) {
		this.jdbc.sql("INSERT INTO sample_bookings (show_name, seat, customer) VALUES (?, ?, ?)")
			.params(booking.show(), booking.seat(), booking.customer())
			.update();
	}

	@Override
	public List<Booking> findAll(String show) {
		return this.jdbc.sql("SELECT seat, customer FROM sample_bookings WHERE show_name = ? ORDER BY seat")
			.param(show)
			.query((rs, rowNum) -> new Booking(show, rs.getString("seat"), rs.getString("customer")))
			.list();
	}

}
