package dev.distlock.test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.ReleaseWatch;

/**
 * Wraps an adapter to count the calls that reach it, record the threads that acquire, and simulate backend faults on
 * demand: how tests see what a provider does to its backend.
 *
 * <pre>{@code
 * InstrumentedLockAdapter adapter = new InstrumentedLockAdapter(new MemoryLockAdapter());
 * adapter.failWith(new IllegalStateException("connection refused"));  // the backend is down
 * }</pre>
 */
public final class InstrumentedLockAdapter implements LockAdapter {

	private final LockAdapter delegate;

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicInteger acquireCalls = new AtomicInteger();

	private final List<String> acquireThreads = new CopyOnWriteArrayList<>();

	private volatile @Nullable RuntimeException releaseFault;

	private volatile @Nullable RuntimeException fault;

	/**
	 * Wraps {@code delegate}.
	 * @param delegate the adapter that does the work
	 */
	public InstrumentedLockAdapter(LockAdapter delegate) {
		this.delegate = delegate;
	}

	/**
	 * Counts the calls of every operation but {@code watchReleases}, failed ones included.
	 * @return the number of calls so far
	 */
	public int calls() {
		return this.calls.get();
	}

	/**
	 * Counts the acquire attempts, failed ones included.
	 * @return the number of acquire calls so far
	 */
	public int acquireCalls() {
		return this.acquireCalls.get();
	}

	/**
	 * Names the thread of every acquire attempt, in order.
	 * @return the thread names so far
	 */
	public List<String> acquireThreads() {
		return List.copyOf(this.acquireThreads);
	}

	/**
	 * Makes every operation throw {@code fault} from now on, as a backend that is down; {@code null} heals it.
	 * @param fault the exception to throw, or {@code null}
	 */
	public void failWith(@Nullable RuntimeException fault) {
		this.fault = fault;
	}

	/**
	 * Makes releases throw {@code fault} from now on; {@code null} heals them.
	 * @param fault the exception to throw, or {@code null}
	 */
	public void failReleasesWith(@Nullable RuntimeException fault) {
		this.releaseFault = fault;
	}

	@Override
	public boolean acquire(String key, String owner, @Nullable Duration ttl) {
		this.acquireCalls.incrementAndGet();
		this.acquireThreads.add(Thread.currentThread().getName());
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
