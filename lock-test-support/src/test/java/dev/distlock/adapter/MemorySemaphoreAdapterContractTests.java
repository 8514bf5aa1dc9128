package dev.distlock.adapter;

import dev.distlock.test.SemaphoreAdapterContractTests;

/** The semaphore contract on the in-memory adapter, in real time. */
class MemorySemaphoreAdapterContractTests extends SemaphoreAdapterContractTests {

	@Override
	protected SemaphoreAdapter adapter() {
		return new MemorySemaphoreAdapter();
	}

}
