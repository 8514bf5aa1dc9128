package dev.distlock.benchmarks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Redis commands per uncontended acquire + release of one library over {@value #CYCLES} cycles on one thread, after
 * a warm-up (which also loads the scripts): run by Redis, from {@code INFO commandstats} deltas (summed over the
 * masters of a cluster; commands inside scripts included), and sent by the client ({@link SentCommands}).
 */
final class CommandsProbe {

	static final int CYCLES = 2000;

	private CommandsProbe() {
	}

	static void run(String library, Path out) throws Exception {
		SentCommands.enable();
		try (BenchRedis redis = new BenchRedis(); LockClient client = LockClient.open(library)) {
			cycles(client, "bench:probe:warm:", 500);
			Thread.sleep(200);
			Map<String, Long> sentBefore = SentCommands.snapshot();
			Map<String, Long> before = redis.commandCalls();
			cycles(client, "bench:probe:", CYCLES);
			Map<String, Long> after = redis.commandCalls();
			Map<String, Long> sentAfter = SentCommands.snapshot();
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("library", library);
			result.put("cluster", BenchRedis.isCluster());
			result.put("cycles", CYCLES);
			// Run by Redis: commands sent and commands run inside scripts alike.
			result.put("commandsPerCycle", BenchRedis.perOperation(before, after, CYCLES));
			// Sent by the client: round trips (pipelined or not), by script for distlock's EVALSHA.
			result.put("sentPerCycle", BenchRedis.perOperation(sentBefore, sentAfter, CYCLES));
			result.put("config", client.describe());
			Json.write(out, result);
		}
	}

	private static void cycles(LockClient client, String prefix, int count) {
		for (int i = 0; i < count; i++) {
			Object token = client.tryAcquire(prefix + (i % 64));
			if (token == null) {
				throw new IllegalStateException("uncontended acquire failed");
			}
			client.release(token);
		}
	}

}
