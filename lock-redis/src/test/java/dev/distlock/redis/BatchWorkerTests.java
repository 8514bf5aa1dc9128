package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bounded queue with its own thread: batches in order and never larger than asked, bounded by count and by weight,
 * and a close that gives the queue its moment and then lets go. A consumer held on a latch makes the queue's content
 * exact.
 */
class BatchWorkerTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final List<List<Integer>> batches = new CopyOnWriteArrayList<>();

	private final CountDownLatch entered = new CountDownLatch(1);

	private final CountDownLatch proceed = new CountDownLatch(1);

	private final List<BatchWorker<?>> workers = new ArrayList<>();

	@AfterEach
	void close() {
		this.proceed.countDown();
		this.workers.forEach((worker) -> worker.close(Duration.ZERO));
	}

	@Test
	void itemsArriveInOrderInBatchesOfAtMostTheBatchSize() {
		BatchWorker<Integer> worker = worker(10_000, Long.MAX_VALUE, 100, heldFirst());
		assertThat(worker.offer(0)).isTrue();
		awaitEntered();
		for (int i = 1; i <= 1_000; i++) {
			assertThat(worker.offer(i)).isTrue();
		}
		assertThat(worker.size()).isEqualTo(1_000);
		this.proceed.countDown();

		await().atMost(WAIT).until(() -> this.batches.stream().mapToInt(List::size).sum() == 1_001);
		assertThat(this.batches.get(0)).containsExactly(0);
		assertThat(this.batches).allSatisfy((batch) -> assertThat(batch).hasSizeLessThanOrEqualTo(100));
		assertThat(this.batches.subList(1, this.batches.size())).as("all waiting, so all full").hasSize(10);
		assertThat(this.batches.stream().flatMap(List::stream)).isSorted().hasSize(1_001);
		assertThat(worker.size()).isZero();
	}

	@Test
	void aFullQueueRefusesMoreItems() {
		BatchWorker<Integer> worker = worker(3, Long.MAX_VALUE, 10, heldFirst());
		worker.offer(0);
		awaitEntered();

		assertThat(worker.offer(1)).isTrue();
		assertThat(worker.offer(2)).isTrue();
		assertThat(worker.offer(3)).isTrue();
		assertThat(worker.offer(4)).isFalse();
		this.proceed.countDown();

		await().atMost(WAIT).until(() -> this.batches.size() == 2);
		assertThat(this.batches.get(1)).containsExactly(1, 2, 3);
		assertThat(worker.offer(5)).as("room again").isTrue();
	}

	@Test
	void theQueueIsBoundedByWeightTooButAHeavyItemPassesAlone() {
		BatchWorker<Integer> worker = worker(100, 10, 100, heldFirst());
		worker.offer(1);
		awaitEntered();

		assertThat(worker.offer(6)).isTrue();
		assertThat(worker.offer(4)).isTrue();
		assertThat(worker.offer(1)).as("11 > 10").isFalse();
		this.proceed.countDown();
		await().atMost(WAIT).until(() -> this.batches.size() == 2 && worker.size() == 0);

		assertThat(worker.offer(50)).as("heavier than the bound, but nothing waits").isTrue();
	}

	@Test
	void closeGivesTheQueueItsMomentAndTheNoMoreIsTaken() {
		BatchWorker<Integer> worker = worker(100, Long.MAX_VALUE, 10, heldFirst());
		worker.offer(0);
		awaitEntered();
		for (int i = 1; i <= 25; i++) {
			worker.offer(i);
		}
		this.proceed.countDown();

		assertThat(worker.close(WAIT)).as("none discarded").isZero();
		assertThat(this.batches.stream().mapToInt(List::size).sum()).isEqualTo(26);
		assertThat(worker.offer(26)).isFalse();
		assertThat(worker.close(WAIT)).as("idempotent").isZero();
	}

	@Test
	void closeDiscardsWhatAStuckConsumerLeftAndInterruptsIt() {
		AtomicBoolean interrupted = new AtomicBoolean();
		BatchWorker<Integer> worker = worker(100, Long.MAX_VALUE, 10, (batch) -> {
			this.entered.countDown();
			try {
				this.proceed.await();
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
			}
		});
		worker.offer(0);
		awaitEntered();
		worker.offer(1);
		worker.offer(2);

		assertThat(worker.close(Duration.ofMillis(50))).isEqualTo(2);
		await().atMost(WAIT).untilTrue(interrupted);
	}

	@Test
	void aConsumerThatClosesItsWorkerDoesNotWaitForItself() {
		List<BatchWorker<Integer>> self = new ArrayList<>();
		CountDownLatch closed = new CountDownLatch(1);
		BatchWorker<Integer> worker = worker(100, Long.MAX_VALUE, 1, (batch) -> {
			self.get(0).close(WAIT);
			closed.countDown();
		});
		self.add(worker);
		worker.offer(0);

		await().atMost(Duration.ofSeconds(5)).until(() -> closed.getCount() == 0);
		assertThat(worker.offer(1)).isFalse();
	}

	@Test
	void aFailingConsumerDoesNotStopTheWorker() {
		BatchWorker<Integer> worker = worker(100, Long.MAX_VALUE, 1, (batch) -> {
			this.batches.add(List.copyOf(batch));
			if (batch.get(0) == 0) {
				throw new IllegalStateException("boom");
			}
		});
		worker.offer(0);
		worker.offer(1);

		await().atMost(WAIT).until(() -> this.batches.size() == 2);
	}

	@Test
	void startedEarlyTheThreadRunsItsFirstTaskBeforeAnyItem() {
		List<String> order = new CopyOnWriteArrayList<>();
		BatchWorker<Integer> worker = worker(100, Long.MAX_VALUE, 10, (batch) -> order.add("batch " + batch));
		worker.start(() -> {
			order.add("first");
			throw new IllegalStateException("ignored");
		});
		worker.start(() -> order.add("again"));
		worker.offer(1);

		await().atMost(WAIT).until(() -> order.size() == 2);
		assertThat(order).containsExactly("first", "batch [1]");
		assertThat(worker.close(WAIT)).isZero();
	}

	@Test
	void aWorkerNeverGivenAnItemClosesAtOnce() throws Exception {
		BatchWorker<Integer> worker = worker(1, 1, 1, (batch) -> {
		});
		long start = System.nanoTime();
		assertThat(worker.close(WAIT)).isZero();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
	}

	@Test
	void rejectsBoundsBelowOne() {
		assertThatIllegalArgumentException().isThrownBy(() -> worker(0, 1, 1, (batch) -> {
		})).withMessageContaining("maxItems");
		assertThatIllegalArgumentException().isThrownBy(() -> worker(1, 1, 0, (batch) -> {
		})).withMessageContaining("maxBatch");
	}

	// Records each batch; holds the first until proceed.
	private Consumer<List<Integer>> heldFirst() {
		return (batch) -> {
			this.entered.countDown();
			try {
				this.proceed.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.batches.add(List.copyOf(batch));
		};
	}

	private void awaitEntered() {
		try {
			assertThat(this.entered.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
		}
		catch (InterruptedException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private BatchWorker<Integer> worker(int maxItems, long maxWeight, int maxBatch, Consumer<List<Integer>> consumer) {
		BatchWorker<Integer> worker = new BatchWorker<>("test-worker", maxItems, maxWeight, maxBatch,
				Integer::longValue, consumer);
		this.workers.add(worker);
		return worker;
	}

}
