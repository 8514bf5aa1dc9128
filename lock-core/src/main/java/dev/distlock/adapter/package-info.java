/**
 * The adapter SPI that a lock backend implements, and the backends that need no server: memory and no-op.
 *
 * <p>An adapter is a thin, owner-token based store: it never knows about threads, events or namespaces.
 * Every rule that is the same for all backends lives in {@link dev.distlock.DefaultLockProvider} instead.
 */
@NullMarked
package dev.distlock.adapter;

import org.jspecify.annotations.NullMarked;
