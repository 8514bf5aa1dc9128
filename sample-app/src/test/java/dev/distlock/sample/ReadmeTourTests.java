package dev.distlock.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.distlock.sample.ReadmeTour.Call;

/**
 * Runs the README's tour of the sample ({@link ReadmeTour}: its {@code curl} lines, in order) against the running
 * sample on the in-memory default, and compares each response with what the README prints: the same fields in the
 * same order, the same values, except those that differ from run to run (fingerprints, instance ids, times), which
 * need only the same JSON type. A README line ending in {@code ,…]} shows the first elements of a longer list.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		// Room to observe: the booking in the background is still paying when the second request for its seat comes,
		// and the show is still being closed while the tour looks at its lock.
		properties = { "sample.booking.payment-time=2s", "sample.closing.work-time=30s" })
class ReadmeTourTests {

	/** Fields whose values are new on every run. */
	private static final Set<String> PER_RUN = Set.of("ownerFingerprint", "instanceId", "origin", "acquiredAt",
			"remainingTtl", "chunksDone");

	private static final String MORE = ",…]";

	private final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int port;

	@Test
	void everyResponseOfTheReadmesTourIsTheOneTheReadmeShows() throws Exception {
		List<Call> calls = ReadmeTour.calls();
		assertThat(calls).as("the README's curl lines").hasSizeGreaterThanOrEqualTo(10);
		List<CompletableFuture<HttpResponse<String>>> background = new ArrayList<>();
		for (Call call : calls) {
			if (call.background()) {
				background.add(CompletableFuture.supplyAsync(() -> send(call)));
				// As in a shell, the next line runs while this one is under way: once it holds its lock.
				await().atMost(Duration.ofSeconds(30)).until(() -> heldLocks() > 0);
				continue;
			}
			HttpResponse<String> response = send(call);
			assertThat(response.statusCode()).as("%s", call).isLessThan(500);
			compare(call, response.body());
			// The README's reader types the line after next once the background request is done.
			for (CompletableFuture<HttpResponse<String>> pending : background) {
				assertThat(pending.get(30, TimeUnit.SECONDS).statusCode()).as("the request in the background")
					.isEqualTo(201);
			}
			background.clear();
		}
	}

	private long heldLocks() {
		JsonNode locks = this.json.readTree(Http.get(this.port, "/actuator/locks").body()).get("locks");
		return locks.size();
	}

	private HttpResponse<String> send(Call call) {
		return switch (call.method()) {
			case "GET" -> Http.get(this.port, call.path());
			case "POST" -> Http.post(this.port, call.path(), call.body().orElse(""));
			default -> throw new IllegalArgumentException("Unexpected method in " + call);
		};
	}

	private void compare(Call call, String body) {
		if (call.grep().isPresent()) {
			Pattern grep = Pattern.compile(call.grep().get());
			List<String> lines = body.lines().filter((line) -> grep.matcher(line).find()).toList();
			assertThat(lines).as("%s | grep", call).containsExactlyInAnyOrderElementsOf(call.output());
			return;
		}
		assertThat(call.output()).as("the README's output of %s", call).hasSize(1);
		String shown = call.output().get(0);
		boolean more = shown.endsWith(MORE);
		JsonNode expected = this.json.readTree(more ? shown.substring(0, shown.length() - MORE.length()) + "]" : shown);
		compare(call + " " + "$", expected, this.json.readTree(body), more);
	}

	private static void compare(String where, JsonNode expected, JsonNode actual, boolean prefixOnly) {
		assertThat(actual.getNodeType()).as("%s: type", where).isEqualTo(expected.getNodeType());
		if (expected.isObject()) {
			List<String> expectedFields = new ArrayList<>(expected.propertyNames());
			assertThat(new ArrayList<>(actual.propertyNames())).as("%s: fields, in order", where)
				.containsExactlyElementsOf(expectedFields);
			for (Map.Entry<String, JsonNode> field : expected.properties()) {
				String name = field.getKey();
				if (PER_RUN.contains(name)) {
					assertThat(actual.get(name).getNodeType()).as("%s.%s: type", where, name)
						.isEqualTo(field.getValue().getNodeType());
				}
				else {
					compare(where + "." + name, field.getValue(), actual.get(name), false);
				}
			}
		}
		else if (expected.isArray()) {
			if (prefixOnly) {
				assertThat(actual.size()).as("%s: size", where).isGreaterThanOrEqualTo(expected.size());
			}
			else {
				assertThat(actual.size()).as("%s: size", where).isEqualTo(expected.size());
			}
			for (int i = 0; i < expected.size(); i++) {
				compare(where + "[" + i + "]", expected.get(i), actual.get(i), false);
			}
		}
		else {
			assertThat(actual).as("%s", where).isEqualTo(expected);
		}
	}

}
