package dev.distlock.sample.web;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The one shape of every 409 the sample answers, busy lock or business conflict alike: {@code detail},
 * {@code instance}, {@code status}, {@code title} and {@code resource}, the key of what is in conflict. A client reads
 * the title to tell "try again shortly" from "taken for good".
 *
 * @since 0.1.0
 */
public final class Conflicts {

	private Conflicts() {
	}

	/**
	 * A 409 problem detail.
	 * @param title what kind of conflict, for example {@code "Resource busy"}
	 * @param detail a sentence for a person
	 * @param resource the key of the resource in conflict, for example {@code "seat:hamlet:A7"}
	 * @return the problem detail; Spring MVC fills in {@code instance} with the request's path
	 */
	public static ProblemDetail problem(String title, String detail, String resource) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, detail);
		problem.setTitle(title);
		problem.setProperty("resource", resource);
		return problem;
	}

}
