/**
 * The contract every {@link dev.distlock.adapter.LockAdapter} must meet, as an abstract JUnit 5 suite:
 * {@link dev.distlock.test.LockAdapterContractTests}.
 */
@NullMarked
package dev.distlock.test;

import org.jspecify.annotations.NullMarked;
