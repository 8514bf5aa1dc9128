/**
 * HTTP answers for lock failures: 409 with a ProblemDetail naming the busy resource.
 */
@NullMarked
package dev.distlock.sample.web;

import org.jspecify.annotations.NullMarked;
