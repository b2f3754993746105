/**
 * The report command's content: queries over the analyst views, and the HTML, PDF and CSV an auditor files
 * with the head digest that verify printed.
 */
@NullMarked
package io.github.cceupgradearchiver.report;

import org.jspecify.annotations.NullMarked;
