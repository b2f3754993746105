-- Seals cover revision ids above the previous seal's last, starting at 0: a revision with an id below 1 would be
-- outside every seal's range. Task revisions take theirs from an identity (which OVERRIDING SYSTEM VALUE bypasses),
-- evidence revisions from its sequence by default; neither kept an insert from choosing its own. verify reports such
-- a revision as damage whatever the schema says; these checks refuse it at the door.
ALTER TABLE upgrade_history.upgrade_task_revision
    ADD CONSTRAINT upgrade_task_revision_id_positive CHECK (revision_id > 0);
ALTER TABLE upgrade_history.evidence_revision
    ADD CONSTRAINT evidence_revision_id_positive CHECK (revision_id > 0);
