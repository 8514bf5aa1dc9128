package dev.distlock;

/**
 * A monotonic source of nanoseconds: what times blocking waits, renewals and in-memory expiry, so that a wall-clock
 * step (NTP, a VM resumed, an operator's {@code date -s}) can neither cut a wait short nor expire a lock early.
 *
 * <p>Only differences between two readings mean anything, as with {@link System#nanoTime()}. Tests inject a ticker
 * they move by hand.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Ticker {

	/**
	 * Reads the ticker.
	 * @return nanoseconds since an arbitrary origin, never going backwards
	 */
	long read();

	/**
	 * The ticker of this JVM, {@link System#nanoTime()}.
	 * @return the system ticker
	 */
	static Ticker system() {
		return System::nanoTime;
	}

}
