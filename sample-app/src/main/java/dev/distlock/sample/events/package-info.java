/**
 * Lock events, received as Spring application events.
 */
@NullMarked
package dev.distlock.sample.events;

import org.jspecify.annotations.NullMarked;
