/**
 * Jackson 3 support: {@link dev.distlock.spring.jackson.LockJacksonModule} writes a {@link dev.distlock.Lock} as its
 * {@link dev.distlock.LockHandle} and reads it back as a live lock of the application's
 * {@link dev.distlock.LockProvider}, so that a lock can travel inside any JSON payload.
 *
 * <p>Needs {@code tools.jackson.core:jackson-databind}, an optional dependency of this module that every Spring Boot 4
 * web or JSON application already has.
 */
@NullMarked
package dev.distlock.spring.jackson;

import org.jspecify.annotations.NullMarked;
