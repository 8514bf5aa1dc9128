/**
 * A long report job that holds its lock by hand and refreshes it while it works.
 */
@NullMarked
package dev.distlock.sample.report;

import org.jspecify.annotations.NullMarked;
