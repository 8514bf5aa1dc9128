package dev.distlock.adapter;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * The wait of an adapter without a queue: attempts are plain acquires, and waiting is its {@link ReleaseWatch}'s.
 * Nobody is handed the key: a released key goes to whichever waiter (or caller) tries first.
 */
final class PollingLockWait implements LockWait {

	private final LockAdapter adapter;

	private final String key;

	private final String owner;

	private final @Nullable Duration ttl;

	private final long attempt;

	private final ReleaseWatch releases;

	PollingLockWait(LockAdapter adapter, String key, String owner, @Nullable Duration ttl, long attempt) {
		this.adapter = adapter;
		this.key = key;
		this.owner = owner;
		this.ttl = ttl;
		this.attempt = attempt;
		// Watched before the first attempt, so that a release between an attempt and the wait is not missed.
		this.releases = adapter.watchReleases(key);
	}

	@Override
	public AcquireResult attempt() {
		return this.adapter.acquire(this.key, this.owner, this.ttl, this.attempt);
	}

	@Override
	public @Nullable Grant awaitGrant(Duration timeout) throws InterruptedException {
		this.releases.await(timeout);
		return null;
	}

	@Override
	public void close() {
		this.releases.close();
	}

}
