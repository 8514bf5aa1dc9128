package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.ClusterSlotHashUtil;

import dev.distlock.adapter.Refresh;

/** How a batch refresh is cut into script runs: bounded in size, and on a cluster one slot per run. */
class RefreshBatchesTests {

	@Test
	void withoutAClusterRunsFollowTheOrderAndHoldAtMostTheMaximum() {
		List<Refresh> refreshes = refreshes(1_201, "k");

		List<List<Integer>> batches = RefreshBatches.of(refreshes, false);

		assertThat(batches).extracting(List::size).containsExactly(500, 500, 201);
		assertThat(batches.stream().flatMap(List::stream).toList()).isEqualTo(indexes(1_201));
	}

	@Test
	void onAClusterEachRunIsOnOneSlotAndEveryRefreshIsInOneRun() {
		List<Refresh> refreshes = refreshes(300, "k");
		refreshes.addAll(refreshes(1_100, "{tagged}"));

		List<List<Integer>> batches = RefreshBatches.of(refreshes, true);

		for (List<Integer> batch : batches) {
			assertThat(batch).hasSizeLessThanOrEqualTo(RefreshBatches.MAX_KEYS);
			assertThat(batch.stream().map((i) -> ClusterSlotHashUtil.calculateSlot(refreshes.get(i).key())).distinct())
				.hasSize(1);
		}
		assertThat(batches.stream().flatMap(List::stream).sorted().toList()).isEqualTo(indexes(1_400));
		// The 1,100 tagged keys share one slot: three runs, not 1,100.
		int taggedSlot = ClusterSlotHashUtil.calculateSlot("{tagged}");
		assertThat(batches.stream()
			.filter((batch) -> ClusterSlotHashUtil.calculateSlot(refreshes.get(batch.get(0)).key()) == taggedSlot))
			.extracting(List::size)
			.contains(500, 500);
	}

	private static List<Refresh> refreshes(int count, String prefix) {
		List<Refresh> refreshes = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			refreshes.add(new Refresh(prefix + ":" + i, "owner", 0, Duration.ofSeconds(1)));
		}
		return refreshes;
	}

	private static List<Integer> indexes(int count) {
		List<Integer> indexes = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			indexes.add(i);
		}
		return indexes;
	}

}
