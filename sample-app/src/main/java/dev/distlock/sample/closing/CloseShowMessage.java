package dev.distlock.sample.closing;

import dev.distlock.Lock;

/**
 * The message the web request sends to the closing worker: what to close, and the lock that guards it.
 *
 * @param show the show to close
 * @param lock the show's lock, acquired by the sender, to be released by the worker. distlock's Jackson module writes
 * it as its namespace, key, owner, TTL and fencing token, and reads it back as a live lock bound to the reader's
 * provider.
 */
record CloseShowMessage(String show, Lock lock) {
}
