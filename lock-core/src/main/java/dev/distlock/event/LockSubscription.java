package dev.distlock.event;

/**
 * A listener registration that {@link #close()} removes; fits try-with-resources without a checked exception.
 */
@FunctionalInterface
public interface LockSubscription extends AutoCloseable {

	/** Removes the listener; closing twice does nothing more. */
	@Override
	void close();

}
