package dev.distlock.sample.closing;

import dev.distlock.LockHandle;

/**
 * The message the web request sends to the closing worker: what to close, and the lock that guards it.
 *
 * @param show the show to close
 * @param lock the show's lock, acquired by the sender, to be released by the worker
 */
record CloseShowMessage(String show, LockHandle lock) {
}
