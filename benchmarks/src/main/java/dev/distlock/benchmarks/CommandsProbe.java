package dev.distlock.benchmarks;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Redis commands per uncontended acquire + release of one library, from {@code INFO commandstats} deltas over
 * {@value #CYCLES} cycles on one thread, after a warm-up (which also loads the scripts).
 */
final class CommandsProbe {

	static final int CYCLES = 2000;

	private CommandsProbe() {
	}

	static void run(String library, Path out) throws Exception {
		int port = BenchRedis.port();
		try (BenchRedis redis = new BenchRedis(port); LockClient client = LockClient.open(library, port)) {
			cycles(client, "bench:probe:warm:", 500);
			Thread.sleep(200);
			Map<String, Long> before = redis.commandCalls();
			cycles(client, "bench:probe:", CYCLES);
			Map<String, Long> after = redis.commandCalls();
			Map<String, Object> result = new LinkedHashMap<>();
			result.put("library", library);
			result.put("cycles", CYCLES);
			result.put("commandsPerCycle", BenchRedis.perOperation(before, after, CYCLES));
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
