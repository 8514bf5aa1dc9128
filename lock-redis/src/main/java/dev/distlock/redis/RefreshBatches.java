package dev.distlock.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;

import dev.distlock.adapter.Refresh;

/**
 * Splits a {@code refreshAll} into script runs: at most {@value #MAX_KEYS} keys each, and on Redis Cluster each run's
 * keys on one slot, as a multi-key script requires.
 */
final class RefreshBatches {

	/**
	 * Most keys per script run: one run of this many takes well under a millisecond of Redis's time, short enough
	 * not to stall other clients, and large enough that renewing thousands of locks takes few round trips.
	 */
	static final int MAX_KEYS = 500;

	private RefreshBatches() {
	}

	/**
	 * Groups the refreshes.
	 * @param refreshes the refreshes
	 * @param bySlot whether each group must be on one cluster slot
	 * @return the groups, as indexes into {@code refreshes}, every index once
	 */
	static List<List<Integer>> of(List<Refresh> refreshes, boolean bySlot) {
		List<List<Integer>> groups = new ArrayList<>();
		if (!bySlot) {
			groups.add(indexes(0, refreshes.size()));
		}
		else {
			Map<Integer, List<Integer>> slots = new LinkedHashMap<>();
			for (int i = 0; i < refreshes.size(); i++) {
				int slot = ClusterSlotHashUtil.calculateSlot(refreshes.get(i).key());
				slots.computeIfAbsent(slot, (s) -> new ArrayList<>()).add(i);
			}
			groups.addAll(slots.values());
		}
		List<List<Integer>> batches = new ArrayList<>();
		for (List<Integer> group : groups) {
			for (int from = 0; from < group.size(); from += MAX_KEYS) {
				batches.add(group.subList(from, Math.min(group.size(), from + MAX_KEYS)));
			}
		}
		return batches;
	}

	private static List<Integer> indexes(int from, int to) {
		List<Integer> indexes = new ArrayList<>(to - from);
		for (int i = from; i < to; i++) {
			indexes.add(i);
		}
		return indexes;
	}

}
