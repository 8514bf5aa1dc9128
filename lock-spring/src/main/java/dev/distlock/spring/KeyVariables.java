package dev.distlock.spring;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.StringLiteral;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;

/**
 * Checks a key expression against the method it locks, when the bean is created: every {@code #name} it reads must
 * be a parameter of the method (by name, or as {@code #p0}/{@code #a0}), {@code #root} or {@code #this}. A misspelt
 * name would read {@code null} and lock {@code "orders:null"}, one lock shared by every call; so would every name when
 * the class was compiled without {@code -parameters}.
 */
final class KeyVariables {

	private static final Pattern POSITIONAL = Pattern.compile("[pa]\\d+");

	// "null" as a whole word of a key: where an expression joined a null value into the key.
	private static final Pattern NULL_WORD = Pattern.compile("(?<![\\p{L}\\p{N}_])null(?![\\p{L}\\p{N}_])");

	private KeyVariables() {
	}

	/**
	 * Checks the variables of {@code key}.
	 * @param key the parsed key expression
	 * @param keySource the expression as written, for the message
	 * @param method the method whose parameters the key reads
	 * @param methodName its qualified name, for the message
	 * @param parameterNames how parameter names are found
	 * @throws InvalidDistributedLockException if the key reads a name the method does not have
	 */
	static void check(Expression key, String keySource, Method method, String methodName,
			ParameterNameDiscoverer parameterNames) {
		if (!(key instanceof SpelExpression spel)) {
			return;
		}
		Set<String> variables = new LinkedHashSet<>();
		collect(spel.getAST(), variables);
		@Nullable String[] names = parameterNames.getParameterNames(method);
		List<String> known = (names != null) ? Arrays.asList(names) : List.of();
		List<String> unknown = new ArrayList<>();
		for (String variable : variables) {
			boolean positional = POSITIONAL.matcher(variable).matches()
					&& Integer.parseInt(variable.substring(1)) < method.getParameterCount();
			if (!positional && !known.contains(variable) && !variable.equals("root") && !variable.equals("this")) {
				unknown.add(variable);
			}
		}
		if (unknown.isEmpty()) {
			return;
		}
		String reason = (names == null && method.getParameterCount() > 0)
				? "it reads #" + String.join(", #", unknown) + ", but the parameter names of the method are not "
						+ "available: compile with -parameters (Spring Boot's build plugins do), or use #p0, #p1, ..."
				: "it reads #" + String.join(", #", unknown) + ", which the method does not have; its parameters are "
						+ ((method.getParameterCount() == 0) ? "none" : describe(known, method.getParameterCount()));
		throw new InvalidDistributedLockException(methodName, "key", keySource, reason);
	}

	/**
	 * Whether an evaluated key has a {@code null} in it that the expression did not write as text: a parameter or
	 * property that was {@code null}.
	 * @param key the parsed key expression
	 * @param text the evaluated key
	 * @return whether the key has a null part
	 */
	static boolean hasNullPart(Expression key, String text) {
		if (!text.contains("null") || !NULL_WORD.matcher(text).find()) {
			return false;
		}
		// "null" the expression itself spells out ('state:null') is the user's, not a missing value.
		int written = (key instanceof SpelExpression spel) ? countLiteralNulls(spel.getAST()) : 0;
		return countNulls(text) > written;
	}

	private static String describe(List<String> known, int count) {
		List<String> described = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			described.add(((i < known.size()) ? "#" + known.get(i) + " or " : "") + "#p" + i);
		}
		return String.join(", ", described);
	}

	private static void collect(SpelNode node, Set<String> variables) {
		if (node instanceof VariableReference) {
			variables.add(node.toStringAST().substring(1));
		}
		for (int i = 0; i < node.getChildCount(); i++) {
			collect(node.getChild(i), variables);
		}
	}

	private static int countLiteralNulls(SpelNode node) {
		int count = (node instanceof StringLiteral literal)
				? countNulls(String.valueOf(literal.getLiteralValue().getValue())) : 0;
		for (int i = 0; i < node.getChildCount(); i++) {
			count += countLiteralNulls(node.getChild(i));
		}
		return count;
	}

	private static int countNulls(String text) {
		int count = 0;
		Matcher matcher = NULL_WORD.matcher(text);
		while (matcher.find()) {
			count++;
		}
		return count;
	}

}
