package dev.distlock.sample.booking;

/** The seat is taken: a business answer, unlike a busy lock. */
class SeatAlreadyBookedException extends RuntimeException {

	private final String resource;

	SeatAlreadyBookedException(String show, String seat) {
		super("Seat " + seat + " of show " + show + " is already booked");
		this.resource = "seat:" + show + ":" + seat;
	}

	/** The seat's key, as its lock's: {@code seat:<show>:<seat>}. */
	String resource() {
		return this.resource;
	}

}
