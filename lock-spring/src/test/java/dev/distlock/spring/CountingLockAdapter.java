package dev.distlock.spring;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.adapter.ReleaseWatch;

/** A memory adapter that records the thread of every acquire attempt, so tests can see where and whether one ran. */
class CountingLockAdapter implements LockAdapter {

	private final MemoryLockAdapter delegate = new MemoryLockAdapter();

	final List<String> acquireThreads = new CopyOnWriteArrayList<>();

	@Override
	public boolean acquire(String key, String owner, @Nullable Duration ttl) {
		this.acquireThreads.add(Thread.currentThread().getName());
		return this.delegate.acquire(key, owner, ttl);
	}

	@Override
	public boolean release(String key, String owner) {
		return this.delegate.release(key, owner);
	}

	@Override
	public boolean forceRelease(String key) {
		return this.delegate.forceRelease(key);
	}

	@Override
	public boolean refresh(String key, String owner, Duration ttl) {
		return this.delegate.refresh(key, owner, ttl);
	}

	@Override
	public Optional<LockHolder> state(String key) {
		return this.delegate.state(key);
	}

	@Override
	public ReleaseWatch watchReleases(String key) {
		return this.delegate.watchReleases(key);
	}

}
