/**
 * Closing a show: a lock acquired in the web request and released by a background worker, handed over in a message.
 */
@NullMarked
package dev.distlock.sample.closing;

import org.jspecify.annotations.NullMarked;
