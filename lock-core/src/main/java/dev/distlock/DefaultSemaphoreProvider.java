package dev.distlock;

import java.util.function.Consumer;

import dev.distlock.adapter.SemaphoreAdapter;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockEventListener;

/**
 * The standard {@link SemaphoreProvider}: a {@link DefaultLockProvider} of its own (settings, events, renewal,
 * maintenance) whose locks are slots, each on the view of its semaphore's limit.
 */
final class DefaultSemaphoreProvider implements SemaphoreProvider {

	private final SemaphoreAdapter adapter;

	private final DefaultLockProvider slots;

	private DefaultSemaphoreProvider(SemaphoreAdapter adapter, DefaultLockProvider slots) {
		this.adapter = adapter;
		this.slots = slots;
	}

	static SemaphoreProvider create(SemaphoreAdapter adapter, Consumer<? super LockProvider.Builder> settings) {
		Arguments.requireNonNull("adapter", adapter);
		Arguments.requireNonNull("settings", settings);
		// The builder wants an adapter; it is never used to acquire, since each slot is given its semaphore's view.
		DefaultLockProvider.DefaultBuilder builder = new DefaultLockProvider.DefaultBuilder(
				new SemaphoreSlots(adapter, Namespace.DEFAULT, 1));
		settings.accept(builder);
		// A semaphore slot is never the same hold as an enclosing lock's, whatever their keys.
		builder.enclosingHolds(EnclosingHolds.none());
		return new DefaultSemaphoreProvider(adapter, builder.build());
	}

	@Override
	public Semaphore create(String key, int limit, LockSettings settings) {
		Semaphores.requireLimit(limit);
		SemaphoreSlots view = new SemaphoreSlots(this.adapter, this.slots.getNamespace(), limit);
		return new DefaultSemaphore(this.slots.createLease(view, key, settings), view, this.slots.getNamespace());
	}

	@Override
	public Semaphore restore(SemaphoreHandle handle) {
		Arguments.requireNonNull("handle", handle);
		SemaphoreSlots view = new SemaphoreSlots(this.adapter, this.slots.getNamespace(), handle.limit());
		return new DefaultSemaphore(this.slots.restoreLease(view, handle.slot()), view, this.slots.getNamespace());
	}

	@Override
	public Namespace getNamespace() {
		return this.slots.getNamespace();
	}

	@Override
	public BlockingSettings getDefaultBlockingSettings() {
		return this.slots.getDefaultBlockingSettings();
	}

	@Override
	public <E extends LockEvent> void addListener(Class<E> eventType, LockEventListener<? super E> listener) {
		this.slots.addListener(eventType, listener);
	}

	@Override
	public <E extends LockEvent> void removeListener(Class<E> eventType, LockEventListener<? super E> listener) {
		this.slots.removeListener(eventType, listener);
	}

	@Override
	public void close() {
		this.slots.close();
	}

	@Override
	public String toString() {
		return "DefaultSemaphoreProvider[namespace=" + getNamespace() + ", adapter="
				+ this.adapter.getClass().getSimpleName() + "]";
	}

}
