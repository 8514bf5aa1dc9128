package dev.distlock.test;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.ReleaseWatch;

/**
 * Wraps the adapter under test to count calls and to simulate backend faults on demand.
 */
final class InstrumentedLockAdapter implements LockAdapter {

	private final LockAdapter delegate;

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicInteger acquireCalls = new AtomicInteger();

	private volatile @Nullable RuntimeException releaseFault;

	private volatile @Nullable RuntimeException fault;

	InstrumentedLockAdapter(LockAdapter delegate) {
		this.delegate = delegate;
	}

	int calls() {
		return this.calls.get();
	}

	int acquireCalls() {
		return this.acquireCalls.get();
	}

	/** Every operation throws {@code fault} from now on, or works again when {@code null}. */
	void failWith(@Nullable RuntimeException fault) {
		this.fault = fault;
	}

	/** Releases throw {@code fault} from now on, or work again when {@code null}. */
	void failReleasesWith(@Nullable RuntimeException fault) {
		this.releaseFault = fault;
	}

	@Override
	public boolean acquire(String key, String owner, @Nullable Duration ttl) {
		this.acquireCalls.incrementAndGet();
		enter();
		return this.delegate.acquire(key, owner, ttl);
	}

	@Override
	public boolean release(String key, String owner) {
		enter();
		RuntimeException releaseFault = this.releaseFault;
		if (releaseFault != null) {
			throw releaseFault;
		}
		return this.delegate.release(key, owner);
	}

	@Override
	public boolean forceRelease(String key) {
		enter();
		return this.delegate.forceRelease(key);
	}

	@Override
	public boolean refresh(String key, String owner, Duration ttl) {
		enter();
		return this.delegate.refresh(key, owner, ttl);
	}

	@Override
	public Optional<LockHolder> state(String key) {
		enter();
		return this.delegate.state(key);
	}

	@Override
	public ReleaseWatch watchReleases(String key) {
		return this.delegate.watchReleases(key);
	}

	private void enter() {
		this.calls.incrementAndGet();
		RuntimeException fault = this.fault;
		if (fault != null) {
			throw fault;
		}
	}

}
