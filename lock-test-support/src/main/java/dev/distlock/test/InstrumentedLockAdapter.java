package dev.distlock.test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.distlock.adapter.AcquireResult;
import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.LockWait;
import dev.distlock.adapter.Refresh;
import dev.distlock.adapter.ReleaseWatch;
import dev.distlock.adapter.UpdateResult;

/**
 * Wraps an adapter to count the calls that reach it, record the threads that acquire, and simulate backend faults on
 * demand: how tests see what a provider does to its backend.
 *
 * <pre>{@code
 * InstrumentedLockAdapter adapter = new InstrumentedLockAdapter(new MemoryLockAdapter());
 * adapter.failWith(new IllegalStateException("connection refused"));  // the backend is down
 * }</pre>
 *
 * @since 0.1.0
 */
public final class InstrumentedLockAdapter implements LockAdapter {

	private final LockAdapter delegate;

	private final AtomicInteger calls = new AtomicInteger();

	private final AtomicInteger acquireCalls = new AtomicInteger();

	private final List<String> acquireThreads = new CopyOnWriteArrayList<>();

	private volatile @Nullable RuntimeException releaseFault;

	private volatile @Nullable RuntimeException fault;

	private volatile @Nullable RuntimeException acquireAfterApplyingFault;

	private volatile @Nullable CountDownLatch undoGate;

	private final AtomicInteger undoCalls = new AtomicInteger();

	private final AtomicInteger undosFinished = new AtomicInteger();

	private final AtomicInteger refreshAllCalls = new AtomicInteger();

	private final List<Integer> refreshAllSizes = new CopyOnWriteArrayList<>();

	private final List<String> refreshAllKeys = new CopyOnWriteArrayList<>();

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

	/**
	 * Makes every acquire apply on the backend and then throw {@code fault}, as a timeout after the write reached the
	 * server; {@code null} heals it.
	 * @param fault the exception to throw after applying, or {@code null}
	 */
	public void failAcquiresAfterApplyingWith(@Nullable RuntimeException fault) {
		this.acquireAfterApplyingFault = fault;
	}

	/**
	 * Counts the undo calls of failed acquires.
	 * @return the number of undo calls so far
	 */
	public int undoCalls() {
		return this.undoCalls.get();
	}

	/**
	 * Counts the undo calls that have returned or thrown.
	 * @return the number of finished undo calls so far
	 */
	public int undosFinished() {
		return this.undosFinished.get();
	}

	/**
	 * Counts the batch refresh calls, as background renewal makes them.
	 * @return the number of {@code refreshAll} calls so far
	 */
	public int refreshAllCalls() {
		return this.refreshAllCalls.get();
	}

	@Override
	public AcquireResult acquire(String key, String owner, @Nullable Duration ttl, long attempt) {
		this.acquireCalls.incrementAndGet();
		this.acquireThreads.add(Thread.currentThread().getName());
		enter();
		AcquireResult result = this.delegate.acquire(key, owner, ttl, attempt);
		RuntimeException afterApplying = this.acquireAfterApplyingFault;
		if (afterApplying != null) {
			throw afterApplying;
		}
		return result;
	}

	/**
	 * Makes undo calls wait, once they reach this adapter, until {@link #resumeUndos()}: a background undo that is
	 * slow to arrive, for tests of what happens meanwhile.
	 */
	public void pauseUndos() {
		this.undoGate = new CountDownLatch(1);
	}

	/** Lets paused and later undo calls through. */
	public void resumeUndos() {
		CountDownLatch gate = this.undoGate;
		this.undoGate = null;
		if (gate != null) {
			gate.countDown();
		}
	}

	@Override
	public boolean undoAcquire(String key, String owner, long attempt) {
		this.undoCalls.incrementAndGet();
		try {
			CountDownLatch gate = this.undoGate;
			if (gate != null) {
				try {
					gate.await(30, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException("interrupted while undos were paused", ex);
				}
			}
			enter();
			return this.delegate.undoAcquire(key, owner, attempt);
		}
		finally {
			this.undosFinished.incrementAndGet();
		}
	}

	@Override
	public UpdateResult release(String key, String owner, long token) {
		enter();
		RuntimeException releaseFault = this.releaseFault;
		if (releaseFault != null) {
			throw releaseFault;
		}
		return this.delegate.release(key, owner, token);
	}

	// A release later is a release: the same fault injection applies.
	@Override
	public UpdateResult releaseAfter(String key, String owner, long token, Duration remaining) {
		enter();
		RuntimeException releaseFault = this.releaseFault;
		if (releaseFault != null) {
			throw releaseFault;
		}
		return this.delegate.releaseAfter(key, owner, token, remaining);
	}

	@Override
	public boolean forceRelease(String key) {
		enter();
		return this.delegate.forceRelease(key);
	}

	@Override
	public UpdateResult refresh(String key, String owner, long token, Duration ttl) {
		enter();
		return this.delegate.refresh(key, owner, token, ttl);
	}

	/**
	 * The size of every batch refresh call, in order.
	 * @return the batch sizes so far
	 */
	public List<Integer> refreshAllSizes() {
		return List.copyOf(this.refreshAllSizes);
	}

	/**
	 * The key of every hold in every batch refresh call, in order.
	 * @return the refreshed keys so far
	 */
	public List<String> refreshAllKeys() {
		return List.copyOf(this.refreshAllKeys);
	}

	@Override
	public List<UpdateResult> refreshAll(List<Refresh> refreshes) {
		this.refreshAllCalls.incrementAndGet();
		this.refreshAllSizes.add(refreshes.size());
		refreshes.forEach((refresh) -> this.refreshAllKeys.add(refresh.key()));
		enter();
		return this.delegate.refreshAll(refreshes);
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

	/**
	 * The delegate's wait, with its attempts counted as acquire calls and failing as {@link #acquire} does. Closing
	 * it never fails: the delegate's wait must always be closed.
	 */
	@Override
	public LockWait openWait(String key, String owner, @Nullable Duration ttl, long attempt, Duration waitTime) {
		LockWait wait = this.delegate.openWait(key, owner, ttl, attempt, waitTime);
		return new LockWait() {

			@Override
			public AcquireResult attempt() {
				InstrumentedLockAdapter.this.acquireCalls.incrementAndGet();
				InstrumentedLockAdapter.this.acquireThreads.add(Thread.currentThread().getName());
				enter();
				AcquireResult result = wait.attempt();
				RuntimeException afterApplying = InstrumentedLockAdapter.this.acquireAfterApplyingFault;
				if (afterApplying != null) {
					throw afterApplying;
				}
				return result;
			}

			@Override
			public LockWait.@Nullable Grant awaitGrant(Duration timeout) throws InterruptedException {
				return wait.awaitGrant(timeout);
			}

			@Override
			public void close() {
				wait.close();
			}

		};
	}

	private void enter() {
		this.calls.incrementAndGet();
		RuntimeException fault = this.fault;
		if (fault != null) {
			throw fault;
		}
	}

}
