package dev.distlock.event;

/**
 * A listener registration that {@link #close()} removes; fits try-with-resources without a checked exception.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface LockSubscription extends AutoCloseable {

	/** Removes the listener; closing twice does nothing more. */
	@Override
	void close();

}
