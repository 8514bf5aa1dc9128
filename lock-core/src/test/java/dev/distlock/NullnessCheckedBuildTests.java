package dev.distlock;

import java.io.File;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The build checks nullness: main code compiles with Error Prone running NullAway (the root pom's
 * {@code nullaway.errorprone.arg}, handed to this test by surefire), and a violation fails the compilation. Shown here
 * with javac in this JVM and the same options on a tiny {@code @NullMarked} class, before and after the fix.
 */
class NullnessCheckedBuildTests {

	private static final String VIOLATION = """
			package demo;

			import org.jspecify.annotations.NullMarked;

			@NullMarked
			public class Greeting {

				public static String greeting() { return null; }

			}
			""";

	@TempDir
	Path classes;

	@Test
	void aNonNullMethodThatReturnsNullFailsTheBuild() throws Exception {
		List<Diagnostic<? extends JavaFileObject>> errors = compile(VIOLATION);
		assertThat(errors).hasSize(1);
		Diagnostic<? extends JavaFileObject> error = errors.get(0);
		assertThat(error.getMessage(Locale.ROOT))
			.startsWith("[NullAway] returning @Nullable expression from method with @NonNull return type");
		assertThat(lineOf(VIOLATION, error.getLineNumber())).contains("String greeting()");
	}

	@Test
	void theFixedMethodCompiles() throws Exception {
		assertThat(compile(VIOLATION.replace("return null;", "return \"hello\";"))).isEmpty();
		assertThat(this.classes.resolve("demo/Greeting.class")).isRegularFile();
	}

	@Test
	void aMethodDeclaredNullableMayReturnNull() throws Exception {
		String nullable = VIOLATION.replace("import org.jspecify.annotations.NullMarked;",
				"import org.jspecify.annotations.NullMarked;\nimport org.jspecify.annotations.Nullable;")
			.replace("public static String greeting()", "public static @Nullable String greeting()");
		assertThat(compile(nullable)).isEmpty();
	}

	// The errors of compiling the source as the build compiles main code (the root pom's default-compile).
	private List<Diagnostic<? extends JavaFileObject>> compile(String source) throws Exception {
		String errorProne = System.getProperty("nullaway.errorprone.arg");
		assertThat(errorProne).as("nullaway.errorprone.arg, set by surefire from the root pom")
			.startsWith("-Xplugin:ErrorProne");
		JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		// Error Prone finds NullAway on the processor path only, never on the class path.
		List<String> options = List.of("--release", "17", "-XDcompilePolicy=simple", "--should-stop=ifError=FLOW",
				errorProne, "-classpath", testClassPath(), "-processorpath", testClassPath(), "-d",
				this.classes.toString());
		try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
				StandardCharsets.UTF_8)) {
			List<Source> sources = List.of(new Source(source));
			boolean compiled = javac.getTask(null, files, diagnostics, options, null, sources).call();
			List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
			for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
				if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
					errors.add(diagnostic);
				}
			}
			assertThat(compiled).as("compiled, with errors %s", errors).isEqualTo(errors.isEmpty());
			return errors;
		}
	}

	// JSpecify for the source; Error Prone and NullAway (test dependencies) for javac's plugin.
	private static String testClassPath() {
		String classPath = System.getProperty("java.class.path");
		assertThat(classPath.split(File.pathSeparator)).anyMatch((entry) -> entry.contains("nullaway"));
		return classPath;
	}

	private static String lineOf(String source, long number) {
		return source.lines().skip(number - 1).findFirst().orElseThrow();
	}

	private static final class Source extends SimpleJavaFileObject {

		private final String code;

		Source(String code) {
			super(URI.create("string:///demo/Greeting.java"), Kind.SOURCE);
			this.code = code;
		}

		@Override
		public CharSequence getCharContent(boolean ignoreEncodingErrors) {
			return this.code;
		}

	}

}
