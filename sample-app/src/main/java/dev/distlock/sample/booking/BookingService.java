package dev.distlock.sample.booking;

import java.time.Duration;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;

import dev.distlock.spring.DistributedLock;

/**
 * Books seats. The check "is the seat free?" and the write "book it" are two steps; the lock makes them one, across
 * every instance of the application when the locks live in Redis or in the database.
 */
@Service
class BookingService {

	private final SeatRepository seats;

	private final Duration paymentTime;

	BookingService(SeatRepository seats, @Value("${sample.booking.payment-time:100ms}") Duration paymentTime) {
		this.seats = seats;
		this.paymentTime = paymentTime;
	}

	/**
	 * One lock per seat, keyed from the request. Not blocking: a second request for a seat that is being booked gets
	 * KeyAlreadyAcquiredException at once, which the web layer answers with 409.
	 */
	@DistributedLock(key = "'seat:' + #show + ':' + #seat", ttl = "30s")
	Booking book(String show, String seat, String customer) throws InterruptedException {
		if (this.seats.find(show, seat).isPresent()) {
			throw new SeatAlreadyBookedException(show, seat);
		}
		// Taking the payment: the window in which, without the lock, a second request would book the seat again.
		Thread.sleep(this.paymentTime.toMillis());
		Booking booking = new Booking(show, seat, customer);
		this.seats.save(booking);
		return booking;
	}

}
