package dev.distlock.test.redis;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Whether a Redis answers at an address, asked with a bare RESP {@code PING} so no client library is needed. */
final class RedisPing {

	private RedisPing() {
	}

	/**
	 * Sends {@code PING} and reads the first byte of the reply.
	 * @param host the host
	 * @param port the port
	 * @param timeout how long to wait for the connection and for the reply
	 * @return whether something answered like Redis: {@code +PONG}, or an error such as {@code -NOAUTH}, which
	 * proves a Redis listens there even if it wants credentials
	 */
	static boolean answers(String host, int port, Duration timeout) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
			socket.setSoTimeout((int) timeout.toMillis());
			socket.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
			socket.getOutputStream().flush();
			InputStream in = socket.getInputStream();
			int first = in.read();
			return first == '+' || first == '-';
		}
		catch (IOException ex) {
			return false;
		}
	}

}
