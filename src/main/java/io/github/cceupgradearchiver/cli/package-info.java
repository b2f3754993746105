/**
 * The command line: picocli commands, Spring start-up per command, and the exit codes of SPEC.md.
 * Nothing here knows about batch internals; commands call feature services.
 */
@NullMarked
package io.github.cceupgradearchiver.cli;

import org.jspecify.annotations.NullMarked;
