/**
 * The benchmarks: distlock next to Redisson, Spring Integration, ShedLock and the raw floors. Run with
 * {@code benchmarks/run}; see {@code benchmarks/README.md}.
 */
@NullMarked
package dev.distlock.benchmarks;

import org.jspecify.annotations.NullMarked;
