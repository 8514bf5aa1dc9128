package dev.distlock.codec;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The flat JSON under the handle and event forms: what it writes it reads back, and it reads nothing else. */
class FlatJsonTests {

	@Test
	void writesAndReadsBackEveryKindOfValue() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("v", 1L);
		values.put("text", "quote \" backslash \\ slash / newline \n tab \t bell \u0007 é 😀 \u2028");
		values.put("yes", true);
		values.put("no", false);
		values.put("nothing", null);
		values.put("negative", -42L);
		values.put("largest", Long.MAX_VALUE);
		values.put("smallest", Long.MIN_VALUE);

		String json = FlatJson.write(values);

		assertThat(json).startsWith("{\"v\":1,\"text\":\"quote \\\" backslash \\\\ slash / newline \\n tab \\t bell \\u0007");
		assertThat(FlatJson.read(json)).containsExactlyEntriesOf(values);
	}

	@Test
	void readsStandardJsonOfThatShape() {
		assertThat(FlatJson.read(" { \"a\" : \"\\u00e9\\/\\b\\f\\r\" ,\n\"b\":null } ")).containsEntry("a", "é/\b\f\r")
			.containsEntry("b", null);
		assertThat(FlatJson.read("{}")).isEmpty();
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', quoteCharacter = '`', value = {
			"``|unexpected end",
			"`garbage`|expected '{'",
			"`{`|unexpected end",
			"`{\"a\":1`|unexpected end",
			"`{\"a\":1}x`|unexpected content after the object",
			"`{\"a\":1}{}`|unexpected content after the object",
			"`{\"a\":1,\"a\":2}`|duplicate name 'a'",
			"`{\"a\":{\"b\":1}}`|expected a string, a whole number, true, false or null",
			"`{\"a\":[1]}`|expected a string, a whole number, true, false or null",
			"`{\"a\":1.5}`|expected ',' or '}'",
			"`{\"a\":01}`|without leading zeros",
			"`{\"a\":-}`|expected a whole number",
			"`{\"a\":12345678901234567890}`|at most 19 digits",
			"`{\"a\":9223372036854775808}`|out of the range of a 64-bit integer",
			"`{\"a\":-9223372036854775809}`|out of the range of a 64-bit integer",
			"`{\"a\":tru}`|expected a string, a whole number, true, false or null",
			"`{\"a\":\"\\x\"}`|invalid escape",
			"`{\"a\":\"\\u12\"}`|invalid \\u escape",
			"`{\"a\":\"open}`|unexpected end",
			"`{a:1}`|expected '\"'",
			"`{\"a\" 1}`|expected ':'",
			"`{\"a\":1,}`|expected '\"'",
			"`[]`|expected '{'" })
	void rejectsAnythingElseSayingWhy(String json, String problem) {
		assertThatIllegalArgumentException().isThrownBy(() -> FlatJson.read(json))
			.withMessageStartingWith("not a flat JSON object: ")
			.withMessageContaining(problem);
	}

	@Test
	void rejectsAnUnescapedControlCharacter() {
		assertThatIllegalArgumentException().isThrownBy(() -> FlatJson.read("{\"a\":\"line\nbreak\"}"))
			.withMessageContaining("unescaped control character");
	}

	@Test
	void writesOnlyValuesItCanRead() {
		assertThatIllegalArgumentException().isThrownBy(() -> FlatJson.write(Map.of("a", 1.5)))
			.withMessageContaining("value of 'a' is a java.lang.Double");
	}

}
