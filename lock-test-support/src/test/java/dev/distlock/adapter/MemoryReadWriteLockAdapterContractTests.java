package dev.distlock.adapter;

import dev.distlock.test.ReadWriteLockAdapterContractTests;

/** The read-write lock contract on the in-memory adapter, in real time. */
class MemoryReadWriteLockAdapterContractTests extends ReadWriteLockAdapterContractTests {

	@Override
	protected ReadWriteLockAdapter adapter() {
		return new MemoryReadWriteLockAdapter();
	}

}
