package dev.distlock.adapter;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Who holds a read-write lock's key, as an adapter reports it.
 *
 * @param readers the live read holds, in no particular order
 * @param writer the live write hold, or {@code null}
 * @param waitingWriters how many owners wait to write (their intents are live): while any does, new readers are
 * refused
 * @since 0.1.0
 */
public record ReadWriteHolders(List<LockHolder> readers, @Nullable LockHolder writer, int waitingWriters) {

	/**
	 * Checks the values.
	 * @param readers the live read holds
	 * @param writer the live write hold, or {@code null}
	 * @param waitingWriters not negative
	 */
	public ReadWriteHolders {
		readers = List.copyOf(readers);
		if (waitingWriters < 0) {
			throw new IllegalArgumentException("waitingWriters must not be negative, was " + waitingWriters);
		}
	}

	/**
	 * Reports a key nobody holds or waits to write.
	 * @return the empty report
	 */
	public static ReadWriteHolders none() {
		return new ReadWriteHolders(List.of(), null, 0);
	}

}
