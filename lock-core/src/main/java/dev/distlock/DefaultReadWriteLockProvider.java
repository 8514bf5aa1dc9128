package dev.distlock;

import java.util.function.Consumer;

import dev.distlock.adapter.ReadWriteLockAdapter;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockEventListener;

/**
 * The standard {@link ReadWriteLockProvider}: a {@link DefaultLockProvider} of its own (settings, events, renewal,
 * maintenance) whose locks are the halves of read-write locks, each on its mode's view.
 */
final class DefaultReadWriteLockProvider implements ReadWriteLockProvider {

	private final ReadWriteLockAdapter adapter;

	private final DefaultLockProvider halves;

	private final ReadWriteHalf readView;

	private final ReadWriteHalf writeView;

	private DefaultReadWriteLockProvider(ReadWriteLockAdapter adapter, DefaultLockProvider halves) {
		this.adapter = adapter;
		this.halves = halves;
		this.readView = new ReadWriteHalf(adapter, LockMode.READ, halves.getNamespace(), halves.ticker());
		this.writeView = new ReadWriteHalf(adapter, LockMode.WRITE, halves.getNamespace(), halves.ticker());
	}

	static ReadWriteLockProvider create(ReadWriteLockAdapter adapter, Consumer<? super LockProvider.Builder> settings) {
		Arguments.requireNonNull("adapter", adapter);
		Arguments.requireNonNull("settings", settings);
		// The builder wants an adapter; it is never used to acquire, since each half is given its mode's view.
		DefaultLockProvider.DefaultBuilder builder = new DefaultLockProvider.DefaultBuilder(
				new ReadWriteHalf(adapter, LockMode.READ, Namespace.DEFAULT, Ticker.system()));
		settings.accept(builder);
		// A read or write hold is never the same hold as an enclosing lock's, whatever their keys.
		builder.enclosingHolds(EnclosingHolds.none());
		return new DefaultReadWriteLockProvider(adapter, builder.build());
	}

	@Override
	public ReadWriteLock create(String key, LockSettings settings) {
		DefaultLock read = this.halves.createLease(this.readView, key, settings);
		DefaultLock write = this.halves.createLease(this.writeView, key, read.getOwner(), settings);
		return new DefaultReadWriteLock(this.adapter, read, write, getNamespace());
	}

	@Override
	public ReadWriteLock restore(ReadWriteLockHandle handle) {
		Arguments.requireNonNull("handle", handle);
		DefaultLock read = this.halves.restoreLease(this.readView, handle.read());
		DefaultLock write = this.halves.restoreLease(this.writeView, handle.write());
		return new DefaultReadWriteLock(this.adapter, read, write, getNamespace());
	}

	@Override
	public Namespace getNamespace() {
		return this.halves.getNamespace();
	}

	@Override
	public BlockingSettings getDefaultBlockingSettings() {
		return this.halves.getDefaultBlockingSettings();
	}

	@Override
	public <E extends LockEvent> void addListener(Class<E> eventType, LockEventListener<? super E> listener) {
		this.halves.addListener(eventType, listener);
	}

	@Override
	public <E extends LockEvent> void removeListener(Class<E> eventType, LockEventListener<? super E> listener) {
		this.halves.removeListener(eventType, listener);
	}

	@Override
	public void close() {
		this.halves.close();
	}

	@Override
	public String toString() {
		return "DefaultReadWriteLockProvider[namespace=" + getNamespace() + ", adapter="
				+ this.adapter.getClass().getSimpleName() + "]";
	}

}
