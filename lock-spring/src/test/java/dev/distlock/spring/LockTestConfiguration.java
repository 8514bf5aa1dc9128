package dev.distlock.spring;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.distlock.LockProvider;
import dev.distlock.adapter.MemoryLockAdapter;
import dev.distlock.event.LockAcquiredEvent;
import dev.distlock.event.LockEvent;
import dev.distlock.event.LockReleasedEvent;
import dev.distlock.test.InstrumentedLockAdapter;

/** A memory lock provider that counts acquire attempts, and a record of its events with the thread of each. */
@Configuration(proxyBeanMethods = false)
class LockTestConfiguration {

	@Bean
	LockProvider lockProvider(LockEvents events, InstrumentedLockAdapter adapter) {
		LockProvider provider = LockProvider.builder(adapter)
			// As the starter builds it: run* inside a @DistributedLock call on its key runs under that hold.
			.enclosingHolds(EnclosingDistributedLocks.onThisThread())
			.namespace("test-" + UUID.randomUUID())
			.build();
		provider.addListener(events::record);
		return provider;
	}

	@Bean
	InstrumentedLockAdapter countingLockAdapter() {
		return new InstrumentedLockAdapter(new MemoryLockAdapter());
	}

	@Bean
	LockEvents lockEvents() {
		return new LockEvents();
	}

	static class LockEvents {

		final List<LockEvent> events = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		void record(LockEvent event) {
			this.events.add(event);
			this.threads.add(Thread.currentThread().getName());
		}

		List<String> acquiredKeys() {
			return this.events.stream()
				.filter(LockAcquiredEvent.class::isInstance)
				.map((event) -> event.lock().getKey())
				.toList();
		}

		List<String> releasedKeys() {
			return this.events.stream()
				.filter(LockReleasedEvent.class::isInstance)
				.map((event) -> event.lock().getKey())
				.toList();
		}

		LockAcquiredEvent lastAcquired() {
			return this.events.stream()
				.filter(LockAcquiredEvent.class::isInstance)
				.map(LockAcquiredEvent.class::cast)
				.reduce((first, second) -> second)
				.orElseThrow();
		}

	}

}
