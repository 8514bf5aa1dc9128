package dev.distlock.redis;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.distlock.adapter.LockAdapter;
import dev.distlock.adapter.LockHolder;
import dev.distlock.adapter.ReleaseWatch;

/** Counts the acquire attempts that reach the adapter under test: how tests see waiters go to Redis. */
final class CountingLockAdapter implements LockAdapter {

	private final LockAdapter delegate;

	private final AtomicInteger acquireCalls = new AtomicInteger();

	CountingLockAdapter(LockAdapter delegate) {
		this.delegate = delegate;
	}

	int acquireCalls() {
		return this.acquireCalls.get();
	}

	@Override
	public boolean acquire(String key, String owner, @Nullable Duration ttl) {
		this.acquireCalls.incrementAndGet();
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
