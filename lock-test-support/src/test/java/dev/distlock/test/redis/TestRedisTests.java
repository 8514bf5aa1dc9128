package dev.distlock.test.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Where {@link TestRedis} looks for a Redis, and that a missing one fails on CI and skips elsewhere, never passes.
 * A one-line fake stands in for Redis: {@link TestRedis} only needs an answer to {@code PING}.
 */
class TestRedisTests {

	private ServerSocket fake;

	@AfterEach
	void closeFake() throws IOException {
		if (this.fake != null) {
			this.fake.close();
		}
	}

	@Test
	void aContainerWhereDockerRunsIsUsedBeforeTheVariable() {
		TestRedisEndpoint container = new TestRedisEndpoint("redis://docker:32768", "docker", 32768, "testcontainers");
		TestRedisEndpoint found = TestRedis.find(Map.of(TestRedis.URL_VARIABLE, "redis://elsewhere:6379")::get,
				() -> container);
		assertThat(found).isSameAs(container);
	}

	@Test
	void withoutDockerTheUrlInTheVariableIsUsedWhenItAnswers() throws IOException {
		int port = fakeRedis("+PONG\r\n");
		String url = "redis://127.0.0.1:" + port;
		TestRedisEndpoint found = TestRedis.find(Map.of(TestRedis.URL_VARIABLE, url)::get, () -> null);
		assertThat(found).isEqualTo(new TestRedisEndpoint(url, "127.0.0.1", port, TestRedis.URL_VARIABLE));
	}

	@Test
	void aRedisThatWantsCredentialsStillCountsAsAnswering() throws IOException {
		int port = fakeRedis("-NOAUTH Authentication required.\r\n");
		String url = "redis://:secret@127.0.0.1:" + port + "/2";
		TestRedisEndpoint found = TestRedis.find(Map.of(TestRedis.URL_VARIABLE, url)::get, () -> null);
		assertThat(found.url()).isEqualTo(url);
		assertThat(found.port()).isEqualTo(port);
	}

	@Test
	void whenNothingAnswersTheMessageSaysWhereItLookedAndHowToStartARedis() throws IOException {
		String url = "redis://127.0.0.1:" + closedPort();
		assertThatThrownBy(() -> TestRedis.find(Map.of(TestRedis.URL_VARIABLE, url)::get, () -> null))
			.isInstanceOf(MissingRedisException.class)
			.hasMessageContaining(url)
			.hasMessageContaining("apt-get install redis-server")
			.hasMessageContaining(TestRedis.URL_VARIABLE);
	}

	@Test
	void aMissingRedisFailsOnCiAndSkipsElsewhere() {
		assertThatThrownBy(() -> TestRedis.noRedis("No Redis: start one", true)).isInstanceOf(AssertionError.class)
			.hasMessage("No Redis: start one");
		assertThatThrownBy(() -> TestRedis.noRedis("No Redis: start one", false))
			.isInstanceOf(TestAbortedException.class)
			.hasMessageContaining("No Redis: start one");
	}

	@Test
	void aVariableThatIsNoRedisUrlIsRejectedNamingTheVariable() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TestRedis.find(Map.of(TestRedis.URL_VARIABLE, "localhost:6379")::get, () -> null))
			.withMessageContaining(TestRedis.URL_VARIABLE);
	}

	// Answers the first connection's first request with the given reply, as Redis would answer PING.
	private int fakeRedis(String reply) throws IOException {
		this.fake = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		Thread server = new Thread(() -> {
			try (Socket client = this.fake.accept()) {
				client.getInputStream().read(new byte[64]);
				OutputStream out = client.getOutputStream();
				out.write(reply.getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
			catch (IOException ex) {
				// The test has finished with the fake.
			}
		}, "fake-redis");
		server.setDaemon(true);
		server.start();
		return this.fake.getLocalPort();
	}

	private static int closedPort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
