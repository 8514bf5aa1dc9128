package dev.distlock;

/**
 * Whether a held lock is renewed in the background while its holder works (the "watchdog"): its TTL is refreshed at
 * a third of the TTL, so work that outlasts the TTL keeps the key, and a holder that dies stops renewing and frees
 * the key within one TTL.
 *
 * <p>Renewal never hides a loss: a renewal that finds the key taken, or that cannot reach the backend before the TTL
 * would have run out, declares the lock lost ({@link Lock#isLost()}, a
 * {@link dev.distlock.event.LockLostEvent}, and a {@link LockLostException} from {@code run*}).
 *
 * @since 0.1.0
 */
public enum Renewal {

	/** As the provider's default says ({@link LockProvider.Builder#defaultRenewal(boolean)}); off unless set. */
	DEFAULT,

	/** Renewed while held. */
	ENABLED,

	/** Never renewed: the lock lives its TTL unless refreshed by hand. */
	DISABLED

}
