-- Issue #13: every CCE upgrade, with its evidence. Clusters come in two families (Autopilot under /autopilot,
-- Standard and Turbo under /api); every table that names a cluster says which. Around each upgrade task CCE keeps
-- pre-checks, master snapshots, upgrade workflows and the cluster's upgrade info: archived like tasks, each object's
-- latest state in its own table and every distinct observed state as an append-only revision, sealed in the same
-- chain as the tasks' revisions (docs/integrity.md).

-- Families. A cluster id exists in one family, so the keys stay as they are.
ALTER TABLE upgrade_history.upgrade_task
    ADD COLUMN family text NOT NULL DEFAULT 'autopilot' CHECK (family IN ('autopilot', 'standard'));
ALTER TABLE upgrade_history.cluster_fetch
    ADD COLUMN family text NOT NULL DEFAULT 'autopilot' CHECK (family IN ('autopilot', 'standard'));
ALTER TABLE upgrade_history.rejected_task
    ADD COLUMN family text NOT NULL DEFAULT 'autopilot' CHECK (family IN ('autopilot', 'standard')),
    ADD COLUMN kind text NOT NULL DEFAULT 'task'
        CHECK (kind IN ('task', 'precheck', 'snapshot', 'workflow', 'upgrade_info'));
ALTER TABLE upgrade_history.cluster_response
    ADD COLUMN family text NOT NULL DEFAULT 'autopilot' CHECK (family IN ('autopilot', 'standard'));
COMMENT ON COLUMN upgrade_history.upgrade_task.family IS
    'autopilot (CCE Autopilot, /autopilot paths) or standard (CCE Standard and Turbo, /api paths)';
COMMENT ON COLUMN upgrade_history.cluster_fetch.family IS 'The cluster''s family: autopilot or standard';
COMMENT ON COLUMN upgrade_history.rejected_task.family IS 'The cluster''s family: autopilot or standard';
COMMENT ON COLUMN upgrade_history.rejected_task.kind IS
    'What the item was listed as: task (an upgrade task), precheck, snapshot, workflow or upgrade_info';
COMMENT ON COLUMN upgrade_history.cluster_response.family IS 'The cluster''s family: autopilot or standard';

-- The four evidence tables share one shape: the object's latest state, its raw JSON as received, and the columns an
-- analyst filters on, with timestamps normalized exactly like tasks' (to the microsecond, the numeric offset decides).
CREATE TABLE upgrade_history.precheck_task (
    project_id      text        NOT NULL,
    family          text        NOT NULL CHECK (family IN ('autopilot', 'standard')),
    cluster_id      text        NOT NULL,
    task_id         text        NOT NULL,
    cluster_version text,
    target_version  text,
    phase           text,
    created_at      timestamptz,
    updated_at      timestamptz,
    finished_at     timestamptz,
    raw             jsonb       NOT NULL,
    first_seen_at   timestamptz NOT NULL,
    last_changed_at timestamptz NOT NULL,
    last_run_id     bigint      NOT NULL REFERENCES upgrade_history.archive_run,
    PRIMARY KEY (cluster_id, task_id)
);
COMMENT ON TABLE upgrade_history.precheck_task IS
    'One row per pre-upgrade check (ListPreCheckTasks): its latest state; check items, risks and skipped items in raw';
COMMENT ON COLUMN upgrade_history.precheck_task.task_id IS 'metadata.uid of the pre-check';
COMMENT ON COLUMN upgrade_history.precheck_task.cluster_version IS 'spec.clusterVersion: the version checked from';
COMMENT ON COLUMN upgrade_history.precheck_task.target_version IS 'spec.targetVersion: the version checked for';
COMMENT ON COLUMN upgrade_history.precheck_task.finished_at IS 'Not given by the API for pre-checks: always null';

CREATE TABLE upgrade_history.snapshot_task (LIKE upgrade_history.precheck_task INCLUDING CONSTRAINTS,
    PRIMARY KEY (cluster_id, task_id),
    FOREIGN KEY (last_run_id) REFERENCES upgrade_history.archive_run);
COMMENT ON TABLE upgrade_history.snapshot_task IS 'One row per master snapshot task (ListClusterMasterSnapshotTasks): its latest state';
COMMENT ON COLUMN upgrade_history.snapshot_task.task_id IS 'metadata.uid of the snapshot task';
COMMENT ON COLUMN upgrade_history.snapshot_task.finished_at IS 'status.completionTime';

CREATE TABLE upgrade_history.upgrade_workflow (LIKE upgrade_history.precheck_task INCLUDING CONSTRAINTS,
    PRIMARY KEY (cluster_id, task_id),
    FOREIGN KEY (last_run_id) REFERENCES upgrade_history.archive_run);
ALTER TABLE upgrade_history.upgrade_workflow RENAME COLUMN task_id TO workflow_id;
COMMENT ON TABLE upgrade_history.upgrade_workflow IS
    'One row per upgrade workflow (ListUpgradeWorkFlows): its latest state; status.pointStatuses[].taskID name its steps';
COMMENT ON COLUMN upgrade_history.upgrade_workflow.workflow_id IS 'metadata.uid of the workflow';

CREATE TABLE upgrade_history.cluster_upgrade_info (LIKE upgrade_history.precheck_task INCLUDING CONSTRAINTS,
    PRIMARY KEY (cluster_id),
    FOREIGN KEY (last_run_id) REFERENCES upgrade_history.archive_run);
ALTER TABLE upgrade_history.cluster_upgrade_info DROP COLUMN task_id;
COMMENT ON TABLE upgrade_history.cluster_upgrade_info IS
    'One row per cluster: its latest upgrade info (ShowClusterUpgradeInfo): last upgrade, release, offered versions';
COMMENT ON COLUMN upgrade_history.cluster_upgrade_info.cluster_version IS 'spec.versionInfo.release';
COMMENT ON COLUMN upgrade_history.cluster_upgrade_info.phase IS 'spec.lastUpgradeInfo.phase';
COMMENT ON COLUMN upgrade_history.cluster_upgrade_info.finished_at IS 'spec.lastUpgradeInfo.completionTime';
CREATE INDEX precheck_task_target_idx ON upgrade_history.precheck_task (cluster_id, target_version, created_at);
CREATE INDEX snapshot_task_finished_idx ON upgrade_history.snapshot_task (cluster_id, finished_at);

-- Every distinct observed state of an evidence object, append-only. Its revision_id is drawn from the sequence of
-- upgrade_task_revision.revision_id, so one range (previous seal's last_revision_id, last_revision_id] covers the
-- revisions of both tables, taken in revision_id order.
CREATE TABLE upgrade_history.evidence_revision (
    revision_id  bigint      PRIMARY KEY,
    run_id       bigint      NOT NULL REFERENCES upgrade_history.archive_run,
    kind         text        NOT NULL CHECK (kind IN ('precheck', 'snapshot', 'workflow', 'upgrade_info')),
    project_id   text        NOT NULL,
    cluster_id   text        NOT NULL,
    object_id    text        NOT NULL,
    observed_at  timestamptz NOT NULL,
    raw          jsonb       NOT NULL,
    content_hash text        NOT NULL CHECK (content_hash ~ '^[0-9a-f]{64}$')
);
DO $$
BEGIN
    EXECUTE format('ALTER TABLE upgrade_history.evidence_revision ALTER COLUMN revision_id SET DEFAULT nextval(%L::regclass)',
        pg_get_serial_sequence('upgrade_history.upgrade_task_revision', 'revision_id'));
END
$$;
COMMENT ON TABLE upgrade_history.evidence_revision IS
    'Every distinct state an evidence object was observed in, append-only; sealed with upgrade_task_revision';
COMMENT ON COLUMN upgrade_history.evidence_revision.revision_id IS
    'From the sequence of upgrade_task_revision.revision_id: the two tables never share an id';
COMMENT ON COLUMN upgrade_history.evidence_revision.kind IS 'precheck, snapshot, workflow or upgrade_info';
COMMENT ON COLUMN upgrade_history.evidence_revision.object_id IS
    'task_id (precheck, snapshot), workflow_id (workflow) or the cluster id (upgrade_info)';
COMMENT ON COLUMN upgrade_history.evidence_revision.content_hash IS
    'SHA-256 (hex) of upgrade_history.evidence_canonical_form(...) of this row: see docs/integrity.md';
CREATE INDEX evidence_revision_object_idx ON upgrade_history.evidence_revision (kind, cluster_id, object_id, revision_id);

CREATE FUNCTION upgrade_history.evidence_canonical_form(
    kind text, run_id bigint, project_id text, cluster_id text, object_id text, observed_at timestamptz, raw jsonb)
    RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT jsonb_build_object(
        'kind', kind, 'run_id', run_id, 'project_id', project_id, 'cluster_id', cluster_id, 'object_id', object_id,
        'observed_at', to_char(observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'raw', raw)::text
$$;

CREATE TRIGGER evidence_revision_append_only BEFORE UPDATE OR DELETE ON upgrade_history.evidence_revision
    FOR EACH ROW EXECUTE FUNCTION upgrade_history.reject_change();
CREATE TRIGGER evidence_revision_no_truncate BEFORE TRUNCATE ON upgrade_history.evidence_revision
    FOR EACH STATEMENT EXECUTE FUNCTION upgrade_history.reject_change();

-- Per cluster, kind and run: whether the evidence call answered, and what it brought. A failed call fails the
-- cluster's run (exit 3) and loses nothing already fetched.
CREATE TABLE upgrade_history.evidence_fetch (
    run_id           bigint      NOT NULL REFERENCES upgrade_history.archive_run,
    project_id       text        NOT NULL,
    family           text        NOT NULL CHECK (family IN ('autopilot', 'standard')),
    cluster_id       text        NOT NULL,
    kind             text        NOT NULL CHECK (kind IN ('precheck', 'snapshot', 'workflow', 'upgrade_info')),
    fetched_at       timestamptz NOT NULL,
    outcome          text        NOT NULL CHECK (outcome IN ('OK', 'FAILED')),
    http_status      integer,
    attempts         integer     NOT NULL DEFAULT 1,
    error_class      text,
    error_code       text,
    error_message    text,
    objects_seen     integer     NOT NULL DEFAULT 0,
    objects_inserted integer     NOT NULL DEFAULT 0,
    objects_changed  integer     NOT NULL DEFAULT 0,
    objects_rejected integer     NOT NULL DEFAULT 0,
    PRIMARY KEY (run_id, cluster_id, kind)
);
COMMENT ON TABLE upgrade_history.evidence_fetch IS
    'One row per cluster, evidence kind and run: whether the call answered (error_class as in cluster_fetch) and what it brought';

-- Per cluster and kind, the response its evidence was last archived from: the same response again is not read again.
CREATE TABLE upgrade_history.evidence_response (
    cluster_id       text    NOT NULL,
    kind             text    NOT NULL CHECK (kind IN ('precheck', 'snapshot', 'workflow', 'upgrade_info')),
    project_id       text    NOT NULL,
    body_sha256      text    NOT NULL CHECK (body_sha256 ~ '^[0-9a-f]{64}$'),
    objects_seen     integer NOT NULL,
    objects_rejected integer NOT NULL,
    run_id           bigint  NOT NULL REFERENCES upgrade_history.archive_run,
    PRIMARY KEY (cluster_id, kind)
);
COMMENT ON TABLE upgrade_history.evidence_response IS
    'Per cluster and evidence kind, the response last archived: the same response again is not parsed again';

-- The check items of a pre-check (of the cluster, its add-ons and every node stage: every object under status that
-- has a level), as one array: what the views below count. Strict mode: lax mode would list items twice.
CREATE FUNCTION upgrade_history.precheck_items(raw jsonb) RETURNS jsonb
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
    SELECT jsonb_path_query_array(raw, 'strict $.status.** ? (exists (@.level))')
$$;
COMMENT ON FUNCTION upgrade_history.precheck_items(jsonb) IS
    'The check items of a pre-check''s raw JSON: every object under status with a level (cluster, add-on and node checks)';

-- One row per upgrade task with its evidence. A workflow whose Cluster step names the task links it, and its PreCheck
-- and Snapshot steps name the task's pre-check and snapshot (*_link = 'workflow'; a step the workflow lacks was not
-- made). Without such a workflow, by time (*_link = 'time'): the latest pre-check of the cluster for the task's target
-- version created before the task; the latest snapshot of the cluster finished before the task was created and after
-- the cluster's previous upgrade task was (an older one backed up an older state). A null link: no evidence found.
CREATE VIEW upgrade_history.v_upgrade_evidence AS
SELECT t.family, t.project_id, t.cluster_id, t.task_id, t.source_version, t.target_version, t.phase,
       t.created_at, t.completed_at,
       w.workflow_id, w.phase AS workflow_phase,
       coalesce(w.precheck_id, tp.task_id) AS precheck_task_id,
       coalesce(wp.phase, tp.phase) AS precheck_phase,
       CASE WHEN w.precheck_id IS NOT NULL THEN 'workflow' WHEN tp.task_id IS NOT NULL THEN 'time' END AS precheck_link,
       coalesce(wp.created_at, tp.created_at) AS precheck_created_at,
       jsonb_path_query_array(upgrade_history.precheck_items(coalesce(wp.raw, tp.raw)),
           '$[*] ? (@.level like_regex "^warning$" flag "i")') AS precheck_warnings,
       jsonb_path_query_array(upgrade_history.precheck_items(coalesce(wp.raw, tp.raw)),
           '$[*] ? (exists (@.riskSource.*[*]))') AS precheck_risks,
       jsonb_path_query_array(coalesce(wp.raw, tp.raw), '$.spec.skippedCheckItemList[*]') AS precheck_skipped,
       coalesce(w.snapshot_id, ts.task_id) AS snapshot_task_id,
       coalesce(ws.phase, ts.phase) AS snapshot_phase,
       CASE WHEN w.snapshot_id IS NOT NULL THEN 'workflow' WHEN ts.task_id IS NOT NULL THEN 'time' END AS snapshot_link,
       coalesce(ws.finished_at, ts.finished_at) AS snapshot_finished_at
FROM upgrade_history.upgrade_task t
LEFT JOIN LATERAL (
    SELECT w.workflow_id, w.phase,
           jsonb_path_query_first(w.raw, '$.status.pointStatuses[*] ? (@.taskType == "PreCheck").taskID') #>> '{}' AS precheck_id,
           jsonb_path_query_first(w.raw, '$.status.pointStatuses[*] ? (@.taskType == "Snapshot").taskID') #>> '{}' AS snapshot_id
    FROM upgrade_history.upgrade_workflow w
    WHERE w.cluster_id = t.cluster_id
      AND jsonb_path_exists(w.raw, '$.status.pointStatuses[*] ? (@.taskType == "Cluster" && @.taskID == $id)',
                            jsonb_build_object('id', t.task_id))
    ORDER BY w.created_at DESC NULLS LAST, w.workflow_id LIMIT 1) w ON true
LEFT JOIN upgrade_history.precheck_task wp ON wp.cluster_id = t.cluster_id AND wp.task_id = w.precheck_id
LEFT JOIN upgrade_history.snapshot_task ws ON ws.cluster_id = t.cluster_id AND ws.task_id = w.snapshot_id
LEFT JOIN LATERAL (
    SELECT p.task_id, p.phase, p.created_at, p.raw FROM upgrade_history.precheck_task p
    WHERE w.workflow_id IS NULL AND p.cluster_id = t.cluster_id AND p.target_version = t.target_version
      AND p.created_at <= t.created_at
    ORDER BY p.created_at DESC, p.task_id LIMIT 1) tp ON true
LEFT JOIN LATERAL (
    SELECT s.task_id, s.phase, s.finished_at FROM upgrade_history.snapshot_task s
    WHERE w.workflow_id IS NULL AND s.cluster_id = t.cluster_id AND s.finished_at <= t.created_at
      AND s.finished_at > coalesce((SELECT max(e.created_at) FROM upgrade_history.upgrade_task e
                                    WHERE e.cluster_id = t.cluster_id AND e.created_at < t.created_at), '-infinity')
    ORDER BY s.finished_at DESC, s.task_id LIMIT 1) ts ON true;
COMMENT ON VIEW upgrade_history.v_upgrade_evidence IS
    'One row per upgrade task with its workflow, pre-check and snapshot, and how each was linked (workflow or time)';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.family IS 'autopilot or standard (Standard and Turbo clusters)';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.project_id IS 'The project of the task';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.cluster_id IS 'The CCE cluster id';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.task_id IS 'metadata.uid of the upgrade task';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.source_version IS 'The version upgraded from';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.target_version IS 'The version upgraded to';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.phase IS 'The phase of the upgrade task';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.created_at IS 'When the upgrade task was created (started)';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.completed_at IS 'When the upgrade task completed; null while it has not';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.workflow_id IS 'The upgrade workflow whose Cluster step names the task; null when none does';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.workflow_phase IS 'The phase of that workflow';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.precheck_task_id IS 'The pre-check linked to the upgrade (see precheck_link); null when none was found';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.precheck_phase IS 'The phase of the pre-check (Success when it passed); null when it is not archived';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.precheck_created_at IS 'When the pre-check was created';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.snapshot_task_id IS 'The master snapshot linked to the upgrade (see snapshot_link); null when none was found';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.snapshot_phase IS 'The phase of the snapshot (Success when it was taken); null when it is not archived';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.snapshot_finished_at IS 'When the snapshot completed';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.precheck_link IS
    'workflow: named by the workflow''s PreCheck step; time: the latest pre-check for the target version before the task';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.snapshot_link IS
    'workflow: named by the workflow''s Snapshot step; time: the latest snapshot finished before the task was created, after the previous task';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.precheck_warnings IS 'Check items whose level is Warning (jsonb array)';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.precheck_risks IS
    'Check items with a non-empty riskSource: deprecated APIs, node, add-on or configuration risks (jsonb array)';
COMMENT ON COLUMN upgrade_history.v_upgrade_evidence.precheck_skipped IS 'spec.skippedCheckItemList: checks the operator skipped';

-- Grants: the writer inserts revisions and quarantined items only, and keeps the latest-state tables current; the
-- reader reads everything.
DO $$
BEGIN
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'upgrade_history_writer') THEN
        GRANT SELECT, INSERT, UPDATE ON upgrade_history.precheck_task, upgrade_history.snapshot_task,
            upgrade_history.upgrade_workflow, upgrade_history.cluster_upgrade_info, upgrade_history.evidence_fetch,
            upgrade_history.evidence_response TO upgrade_history_writer;
        GRANT SELECT, INSERT ON upgrade_history.evidence_revision TO upgrade_history_writer;
        GRANT SELECT ON upgrade_history.v_upgrade_evidence TO upgrade_history_writer;
        GRANT EXECUTE ON FUNCTION upgrade_history.evidence_canonical_form(text, bigint, text, text, text, timestamptz, jsonb),
            upgrade_history.precheck_items(jsonb) TO upgrade_history_writer;
    END IF;
    IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'upgrade_history_reader')
       AND (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
        GRANT SELECT ON upgrade_history.precheck_task, upgrade_history.snapshot_task, upgrade_history.upgrade_workflow,
            upgrade_history.cluster_upgrade_info, upgrade_history.evidence_revision, upgrade_history.evidence_fetch,
            upgrade_history.evidence_response, upgrade_history.v_upgrade_evidence TO upgrade_history_reader;
        GRANT EXECUTE ON FUNCTION upgrade_history.evidence_canonical_form(text, bigint, text, text, text, timestamptz, jsonb),
            upgrade_history.precheck_items(jsonb) TO upgrade_history_reader;
    END IF;
END
$$;
