package io.github.cceupgradearchiver.archive;

import io.github.cceupgradearchiver.history.Sha256;
import java.nio.charset.StandardCharsets;

/**
 * The task-list response a cluster's tasks were archived from, by fingerprint: the same body again means the
 * same tasks and the same listing, so nothing in the archive would change, unless the body had items quarantined:
 * whether an item is admitted also depends on when the body was received (an {@code updateTimestamp} too far ahead)
 * and on configuration ({@code archiver.source-zone}, {@code archiver.max-clock-skew}), so such a body is read again.
 *
 * @param bodySha256    SHA-256 (hex) of the body as UTF-8
 * @param tasksSeen     items the body listed
 * @param tasksRejected of which quarantined
 */
record ArchivedResponse(String projectId, String bodySha256, int tasksSeen, int tasksRejected) {

    static String sha256(String body) {
        return Sha256.hex(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether this body, received again from {@code projectId}, would change nothing in the archive. */
    boolean sameAs(String projectId, String bodySha256) {
        return tasksRejected == 0 && this.projectId.equals(projectId) && this.bodySha256.equals(bodySha256);
    }
}
