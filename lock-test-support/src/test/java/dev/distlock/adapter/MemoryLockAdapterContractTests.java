package dev.distlock.adapter;

import dev.distlock.Expiry;
import dev.distlock.Lock;
import dev.distlock.test.LockAdapterContractTests;
import dev.distlock.test.MutableClock;

/**
 * The memory adapter against the whole contract, on a clock the tests move.
 */
class MemoryLockAdapterContractTests extends LockAdapterContractTests {

	private final MutableClock clock = new MutableClock();

	@Override
	protected LockAdapter adapter() {
		return new MemoryLockAdapter(this.clock);
	}

	@Override
	protected void awaitExpiry(Lock lock) {
		this.clock.advance(((Expiry.After) lock.getExpiry()).ttl());
	}

}
