/**
 * The validated archiver.* configuration tree, and how start-up problems (configuration, database) are told.
 * A bad value fails at start-up with a message naming the key.
 */
@NullMarked
package io.github.cceupgradearchiver.config;

import org.jspecify.annotations.NullMarked;
