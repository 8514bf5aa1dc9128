package dev.distlock.sample.booking;

import java.net.URI;
import java.util.List;
import java.util.Objects;

import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.distlock.sample.web.Conflicts;

/** {@code POST /shows/{show}/seats/{seat}} books a seat; {@code GET /shows/{show}/seats} lists the booked ones. */
@RestController
class BookingController {

	private final BookingService bookings;

	private final SeatRepository seats;

	BookingController(BookingService bookings, SeatRepository seats) {
		this.bookings = bookings;
		this.seats = seats;
	}

	@PostMapping("/shows/{show}/seats/{seat}")
	ResponseEntity<Booking> book(@PathVariable String show, @PathVariable String seat,
			@RequestBody BookingRequest request) throws InterruptedException {
		Booking booking = this.bookings.book(show, seat, request.customer());
		return ResponseEntity.created(URI.create("/shows/" + show + "/seats/" + seat)).body(booking);
	}

	@GetMapping("/shows/{show}/seats")
	List<Booking> booked(@PathVariable String show) {
		return this.seats.findAll(show);
	}

	@ExceptionHandler
	ProblemDetail seatTaken(SeatAlreadyBookedException ex) {
		// The shape of the busy-lock 409, with another title: this one is final, trying again will not help.
		return Conflicts.problem("Seat already booked", Objects.requireNonNull(ex.getMessage()), ex.resource());
	}

	/**
	 * The request body of a booking.
	 * @param customer who books the seat
	 */
	record BookingRequest(String customer) {
	}

}
