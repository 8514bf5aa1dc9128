/**
 * The JSON forms of lock handles and lock events: {@link dev.distlock.codec.LockJson} writes and reads them strictly,
 * on {@link dev.distlock.codec.FlatJson}, a reader and writer of flat objects that needs no JSON library. The Redis
 * event bus sends events in this form, and the Jackson module writes and reads handles with the same fields, checks
 * and messages.
 */
@NullMarked
package dev.distlock.codec;

import org.jspecify.annotations.NullMarked;
