/**
 * cce-upgrade-archiver: archives the upgrade-task history of CCE Autopilot clusters into PostgreSQL.
 * Features live in sub-packages; this one holds only the application class.
 */
@NullMarked
package io.github.cceupgradearchiver;

import org.jspecify.annotations.NullMarked;
