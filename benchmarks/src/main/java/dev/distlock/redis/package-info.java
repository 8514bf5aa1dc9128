/**
 * The one lock-redis internal the benchmarks' floor needs.
 */
@NullMarked
package dev.distlock.redis;

import org.jspecify.annotations.NullMarked;
