package dev.distlock.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The README's tour of the sample, read from the README itself: every {@code $ curl} line of the {@code console}
 * blocks of its sample section, with the lines printed under it. So the README and the test that runs it cannot
 * drift apart.
 */
final class ReadmeTour {

	static final Path README = Path.of("..", "README.md");

	private static final String SECTION = "## Try it: the sample application";

	private ReadmeTour() {
	}

	/** The calls of the tour, in the README's order. */
	static List<Call> calls() throws IOException {
		List<String> lines = section(Files.readAllLines(README));
		List<Call> calls = new ArrayList<>();
		boolean inConsole = false;
		Call current = null;
		for (String line : lines) {
			if (line.startsWith("```")) {
				inConsole = !inConsole && line.equals("```console");
				current = null;
			}
			else if (inConsole && line.startsWith("$ ")) {
				current = Call.parse(line.substring(2));
				calls.add(current);
			}
			else if (inConsole && current != null) {
				current.output().add(line);
			}
		}
		return calls;
	}

	private static List<String> section(List<String> readme) {
		int start = readme.indexOf(SECTION);
		if (start < 0) {
			throw new IllegalStateException("README.md has no section '" + SECTION + "'");
		}
		int end = start + 1;
		while (end < readme.size() && !readme.get(end).startsWith("## ")) {
			end++;
		}
		return readme.subList(start + 1, end);
	}

	/**
	 * One {@code curl} command line as the README writes it.
	 * @param method GET unless {@code -X} says otherwise
	 * @param path the path after {@code localhost:8080}
	 * @param body the {@code -d} body, if any
	 * @param background whether the line ends in {@code &}
	 * @param grep the pattern of a {@code | grep '…'} the output goes through, if any
	 * @param output the lines the README prints under it
	 */
	record Call(String method, String path, Optional<String> body, boolean background, Optional<String> grep,
			List<String> output) {

		static Call parse(String commandLine) {
			List<String> words = words(commandLine);
			String method = "GET";
			String path = null;
			String body = null;
			String grep = null;
			boolean background = false;
			for (int i = 0; i < words.size(); i++) {
				String word = words.get(i);
				switch (word) {
					case "curl", "-s" -> {
					}
					case "-X" -> method = words.get(++i);
					case "-H" -> i++;
					case "-d" -> body = words.get(++i);
					case "&" -> background = true;
					case "|" -> {
						if (!words.get(i + 1).equals("grep")) {
							throw new IllegalArgumentException("Only '| grep' is understood: " + commandLine);
						}
						grep = words.get(i + 2);
						i += 2;
					}
					default -> {
						if (!word.startsWith("localhost:8080/")) {
							throw new IllegalArgumentException("Unexpected '" + word + "' in: " + commandLine);
						}
						path = word.substring("localhost:8080".length());
					}
				}
			}
			if (path == null) {
				throw new IllegalArgumentException("No URL in: " + commandLine);
			}
			return new Call(method, path, Optional.ofNullable(body), background, Optional.ofNullable(grep),
					new ArrayList<>());
		}

		// Shell words: split on spaces, single quotes keep what they enclose as one word.
		private static List<String> words(String commandLine) {
			List<String> words = new ArrayList<>();
			StringBuilder word = new StringBuilder();
			boolean quoted = false;
			boolean any = false;
			for (char c : commandLine.toCharArray()) {
				if (c == '\'') {
					quoted = !quoted;
					any = true;
				}
				else if (c == ' ' && !quoted) {
					if (any) {
						words.add(word.toString());
						word.setLength(0);
						any = false;
					}
				}
				else {
					word.append(c);
					any = true;
				}
			}
			if (any) {
				words.add(word.toString());
			}
			return words;
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

}
