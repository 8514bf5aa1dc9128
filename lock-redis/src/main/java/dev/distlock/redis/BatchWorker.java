package dev.distlock.redis;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bounded queue and the one daemon thread of its own that works it off in batches: each round takes everything
 * queued, up to a batch's size, and hands it to the consumer in queue order. At a low rate a batch is one item; under
 * load the batches grow, so that a round trip's cost is shared by many items.
 *
 * <p>Bounded twice, by the number of items and by their total weight (their size, say), so that neither many small
 * items nor a few large ones hold memory without bound: {@link #offer} refuses what does not fit, and never blocks.
 * The thread starts with the first item. Thread-safe.
 *
 * @param <T> the items
 */
final class BatchWorker<T> {

	private static final Logger logger = LoggerFactory.getLogger(BatchWorker.class);

	private final String name;

	private final int maxItems;

	private final long maxWeight;

	private final int maxBatch;

	private final ToLongFunction<? super T> weigher;

	private final Consumer<List<T>> consumer;

	private final Thread thread;

	private final ReentrantLock lock = new ReentrantLock();

	private final Condition notEmpty = this.lock.newCondition();

	// Guarded by lock.
	private final ArrayDeque<T> items = new ArrayDeque<>();

	private long weight;

	private boolean started;

	private @Nullable Runnable first;

	private boolean closed;

	/**
	 * Creates the worker; its thread starts with the first item.
	 * @param name the thread's name
	 * @param maxItems how many items may wait at most
	 * @param maxWeight how much weight may wait at most; one item heavier than this is taken when nothing waits
	 * @param maxBatch how many items the consumer gets at most at once
	 * @param weigher an item's weight
	 * @param consumer handles a batch, on the worker's thread; the list is the worker's again afterwards
	 */
	BatchWorker(String name, int maxItems, long maxWeight, int maxBatch, ToLongFunction<? super T> weigher,
			Consumer<List<T>> consumer) {
		if (maxItems < 1 || maxWeight < 1 || maxBatch < 1) {
			throw new IllegalArgumentException("maxItems, maxWeight and maxBatch must be positive, were " + maxItems
					+ ", " + maxWeight + " and " + maxBatch);
		}
		this.name = name;
		this.maxItems = maxItems;
		this.maxWeight = maxWeight;
		this.maxBatch = maxBatch;
		this.weigher = weigher;
		this.consumer = consumer;
		this.thread = new Thread(this::run, name);
		this.thread.setDaemon(true);
	}

	/**
	 * Queues an item, unless the queue is full or closed.
	 * @param item the item
	 * @return whether it was queued
	 */
	boolean offer(T item) {
		long itemWeight = this.weigher.applyAsLong(item);
		this.lock.lock();
		try {
			if (this.closed || this.items.size() >= this.maxItems
					|| (!this.items.isEmpty() && this.weight + itemWeight > this.maxWeight)) {
				return false;
			}
			this.items.addLast(item);
			this.weight += itemWeight;
			if (!this.started) {
				this.thread.start();
				this.started = true;
			}
			this.notEmpty.signal();
			return true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Starts the thread now rather than with the first item, and has it run {@code first} before it takes any: to
	 * open a connection, say, so that the first items do not wait for it. Does nothing once started or closed.
	 * @param first what the thread does first; its failure is logged at DEBUG and the thread goes on
	 */
	void start(Runnable first) {
		this.lock.lock();
		try {
			if (this.started || this.closed) {
				return;
			}
			this.first = first;
			this.thread.start();
			this.started = true;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * How many items wait now.
	 * @return the number of items queued and not yet handed to the consumer
	 */
	int size() {
		this.lock.lock();
		try {
			return this.items.size();
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Stops taking items, gives those queued up to {@code wait} to be handled, then discards what is left and
	 * interrupts the thread if it is still busy. Idempotent.
	 * @param wait how long to wait for the queue to be worked off; zero discards it at once
	 * @return how many queued items were discarded unhandled
	 */
	int close(Duration wait) {
		boolean running;
		this.lock.lock();
		try {
			this.closed = true;
			running = this.started;
			this.notEmpty.signalAll();
		}
		finally {
			this.lock.unlock();
		}
		// From its own thread (a consumer closing its owner), waiting would only wait for itself.
		if (running && !wait.isZero() && Thread.currentThread() != this.thread) {
			try {
				this.thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(wait.toNanos())));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		int discarded;
		this.lock.lock();
		try {
			discarded = this.items.size();
			this.items.clear();
			this.weight = 0;
		}
		finally {
			this.lock.unlock();
		}
		if (running && this.thread.isAlive() && Thread.currentThread() != this.thread) {
			this.thread.interrupt();
		}
		return discarded;
	}

	@Override
	public String toString() {
		return "BatchWorker[" + this.name + "]";
	}

	private void run() {
		Runnable before;
		this.lock.lock();
		try {
			before = this.first;
			this.first = null;
		}
		finally {
			this.lock.unlock();
		}
		if (before != null) {
			try {
				before.run();
			}
			catch (RuntimeException ex) {
				logger.debug("{} failed to prepare", this, ex);
			}
		}
		List<T> batch = new ArrayList<>(Math.min(this.maxBatch, 1024));
		while (true) {
			this.lock.lock();
			try {
				while (this.items.isEmpty()) {
					if (this.closed) {
						return;
					}
					this.notEmpty.await();
				}
				while (batch.size() < this.maxBatch && !this.items.isEmpty()) {
					T item = this.items.pollFirst();
					this.weight -= this.weigher.applyAsLong(item);
					batch.add(item);
				}
			}
			catch (InterruptedException ex) {
				// Only close() interrupts, once it has given up waiting: what is left was discarded.
				return;
			}
			finally {
				this.lock.unlock();
			}
			try {
				this.consumer.accept(batch);
			}
			catch (RuntimeException ex) {
				// The consumer's own failures are its to handle; this keeps the thread alive whatever slips through.
				logger.warn("{} failed on a batch of {} items", this, batch.size(), ex);
			}
			batch.clear();
		}
	}

}
