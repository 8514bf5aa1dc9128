package dev.distlock.test.redis;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * What {@link RedisServerProcess} and {@link RedisClusterProcess} share: finding the executables, free ports,
 * commands over a bare socket (so that no Redis client is needed), killing a child and cleaning up after it.
 */
final class RedisProcesses {

	/** The host every private server binds to. */
	static final String HOST = "127.0.0.1";

	private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);

	private RedisProcesses() {
	}

	/**
	 * Fails with {@code CI=true}, and aborts the test elsewhere, unless every executable is on the PATH.
	 * @param executables the executables, for example {@code redis-server}
	 */
	static void requireOnPath(String... executables) {
		for (String executable : executables) {
			if (!isOnPath(executable)) {
				String message = executable + " is not on the PATH (Debian: apt-get install redis-server)";
				if (TestRedis.isCi()) {
					throw new AssertionError(message);
				}
				Assumptions.abort(message);
			}
		}
	}

	static boolean isOnPath(String executable) {
		String path = System.getenv("PATH");
		if (path == null) {
			return false;
		}
		for (String directory : path.split(File.pathSeparator)) {
			if (new File(directory, executable).canExecute()) {
				return true;
			}
		}
		return false;
	}

	// Free when asked; another process may take it before the server binds it, which callers detect and retry.
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			socket.setReuseAddress(true);
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot find a free port", ex);
		}
	}

	/**
	 * Sends an inline command on a connection of its own and returns the reply as far as it came within a moment,
	 * raw RESP: what {@link RedisServerProcess} has always done.
	 */
	static String inline(int port, String inline) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, port), 500);
			socket.setSoTimeout(500);
			OutputStream out = socket.getOutputStream();
			out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			byte[] buffer = new byte[8192];
			int read = socket.getInputStream().read(buffer);
			return (read > 0) ? new String(buffer, 0, read, StandardCharsets.US_ASCII) : "";
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Sends one command, its arguments as RESP bulk strings, on a connection of its own and reads the whole reply.
	 * @return a {@link String} (simple string or bulk, {@code null} for a nil bulk), a {@link Long}, a {@link List}
	 * of those, or a {@link RedisErrorReply}
	 * @throws UncheckedIOException if the server does not answer within two seconds
	 */
	static @Nullable Object command(int port, List<String> command) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(HOST, port), (int) COMMAND_TIMEOUT.toMillis());
			socket.setSoTimeout((int) COMMAND_TIMEOUT.toMillis());
			ByteArrayOutputStream request = new ByteArrayOutputStream();
			request.writeBytes(("*" + command.size() + "\r\n").getBytes(StandardCharsets.US_ASCII));
			for (String argument : command) {
				byte[] bytes = argument.getBytes(StandardCharsets.UTF_8);
				request.writeBytes(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
				request.writeBytes(bytes);
				request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toByteArray());
			out.flush();
			return read(new BufferedInputStream(socket.getInputStream()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No reply from " + HOST + ":" + port + " to " + command.get(0), ex);
		}
	}

	private static @Nullable Object read(InputStream in) throws IOException {
		int type = in.read();
		String line = line(in);
		switch (type) {
			case '+':
				return line;
			case '-':
				return new RedisErrorReply(line);
			case ':':
				return Long.parseLong(line);
			case '$': {
				int length = Integer.parseInt(line);
				if (length < 0) {
					return null;
				}
				byte[] bytes = in.readNBytes(length + 2);
				if (bytes.length < length + 2) {
					throw new EOFException("Reply cut short");
				}
				return new String(bytes, 0, length, StandardCharsets.UTF_8);
			}
			case '*': {
				int count = Integer.parseInt(line);
				List<@Nullable Object> elements = new ArrayList<>(Math.max(count, 0));
				for (int i = 0; i < count; i++) {
					elements.add(read(in));
				}
				return elements;
			}
			case -1:
				throw new EOFException("Connection closed without a reply");
			default:
				throw new IOException("Unexpected RESP type '" + (char) type + "'");
		}
	}

	private static String line(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		int previous = -1;
		while (true) {
			int next = in.read();
			if (next == -1) {
				throw new EOFException("Reply cut short");
			}
			if (previous == '\r' && next == '\n') {
				byte[] bytes = line.toByteArray();
				return new String(bytes, 0, bytes.length - 1, StandardCharsets.UTF_8);
			}
			line.write(next);
			previous = next;
		}
	}

	/**
	 * Kills a child with {@code SIGKILL} (which ends a {@code SIGSTOP}ped one too) and waits until it is gone.
	 * @throws IllegalStateException if it is still alive after 10 seconds
	 */
	static void kill(Process process, String what) {
		process.destroyForcibly();
		try {
			if (!process.waitFor(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException(what + " (PID " + process.pid() + ") did not die");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Deletes a directory and its contents; what cannot be deleted stays, which is no test failure. */
	static void deleteQuietly(Path directory) {
		if (!Files.exists(directory)) {
			return;
		}
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException | UncheckedIOException ex) {
			// A temporary directory left behind is no test failure.
		}
	}

	/** The last lines of a log file, for a failure message; a note instead if it cannot be read. */
	static String tail(Path file, int lines) {
		try {
			List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
			return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(cannot read " + file + ": " + ex + ")";
		}
	}

}
