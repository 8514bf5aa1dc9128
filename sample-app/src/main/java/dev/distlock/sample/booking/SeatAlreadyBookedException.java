package dev.distlock.sample.booking;

/** The seat is taken: a business answer, unlike a busy lock. */
class SeatAlreadyBookedException extends RuntimeException {

	SeatAlreadyBookedException(String show, String seat) {
		super("Seat " + seat + " of show " + show + " is already booked");
	}

}
