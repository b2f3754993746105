package io.github.cceupgradearchiver.history;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

/**
 * What verify checks in {@code pg_catalog} before it reads a row: that the archive is still defined as its
 * migrations define it. A schema owner (or anyone who became one) could otherwise make verify read what it
 * chooses: a table turned into a view ({@code CREATE RULE "_RETURN"}), rules, row-level security policies that
 * hide rows from the verifying login, child tables whose rows are read as the parent's; or weaken the archive:
 * disabled append-only triggers, a changed trigger function, or a replaced hashing function, which the writer
 * and auditors' SQL call (verify never calls them); or a column retyped to a type whose casts run its code. Each
 * finding is tampering. Also says which login setup the
 * archive runs with (docs/integrity.md, "Who can do what").
 */
final class ArchiveDefinitions {

    /** The tables verify reads; the first four are append-only. */
    static final List<String> APPEND_ONLY = List.of("upgrade_task_revision", "archive_seal", "rejected_task",
            "evidence_revision");
    static final List<String> READ = List.of("upgrade_task_revision", "archive_seal", "rejected_task", "evidence_revision",
            "upgrade_task", "archive_run", "precheck_task", "snapshot_task", "upgrade_workflow", "cluster_upgrade_info");

    /** The columns of the tables verify reads ({@code table.column}) and their types, as db/migration defines them. */
    static final Map<String, String> COLUMN_TYPES = columnTypes();

    /** The archive's integrity functions as db/migration defines them and docs/integrity.md prints them. */
    static final Map<String, String> FUNCTIONS = functions();

    private static final String TABLES = """
            SELECT c.relname, c.relkind, c.relrowsecurity,
                   EXISTS (SELECT FROM pg_catalog.pg_rewrite w WHERE w.ev_class = c.oid) AS has_rules,
                   EXISTS (SELECT FROM pg_catalog.pg_inherits i WHERE i.inhparent = c.oid) AS has_children
            FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'upgrade_history' AND c.relname = :table""";

    // Every column of the archive's tables, with its type as pg_catalog names it (search_path is pg_catalog alone,
    // so a type of any other schema is named with its schema) and whether that type is a built-in of pg_catalog.
    private static final String COLUMNS = """
            SELECT c.relname, a.attname, a.atttypid::pg_catalog.regtype::pg_catalog.text AS type,
                   tn.nspname = 'pg_catalog' AS built_in
            FROM pg_catalog.pg_attribute a
            JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
            JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace
            WHERE n.nspname = 'upgrade_history' AND a.attnum > 0 AND NOT a.attisdropped
            ORDER BY c.relname, a.attnum""";

    private static final String TRIGGERS = """
            SELECT c.relname, t.tgname, t.tgenabled, pg_catalog.pg_get_triggerdef(t.oid) AS definition
            FROM pg_catalog.pg_trigger t
            JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'upgrade_history' AND NOT t.tgisinternal
            ORDER BY c.relname, t.tgname""";

    private static final String FUNCTION_DEFINITIONS = """
            SELECT p.oid::pg_catalog.regprocedure::pg_catalog.text AS signature, l.lanname, p.prosecdef,
                   p.proconfig IS NOT NULL AS has_settings, p.prosrc
            FROM pg_catalog.pg_proc p
            JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
            JOIN pg_catalog.pg_language l ON l.oid = p.prolang
            WHERE n.nspname = 'upgrade_history' AND p.proname IN ('reject_change', 'sha256_hex', 'revision_canonical_form',
                                                                 'evidence_canonical_form', 'seal_digest')
            ORDER BY 1""";

    private static final String SETUP = """
            SELECT pg_catalog.pg_get_userbyid(n.nspowner) AS owner, current_user AS login,
                   (SELECT r.rolsuper FROM pg_catalog.pg_roles r WHERE r.rolname = current_user) AS superuser,
                   pg_catalog.pg_has_role(current_user, n.nspowner, 'MEMBER') AS owner_member,
                   EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'upgrade_history_writer')
                       AND pg_catalog.pg_has_role(current_user, 'upgrade_history_writer', 'MEMBER') AS writer
            FROM pg_catalog.pg_namespace n WHERE n.nspname = 'upgrade_history'""";

    /** What the catalog says: the login setup, and the first definition that is not the archive's. */
    record Findings(String setup, @Nullable String damage) {
    }

    private final JdbcTemplate jdbc;

    ArchiveDefinitions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    Findings check() {
        String setup = setup();
        String damage = tables();
        if (damage == null) {
            damage = columns();
        }
        if (damage == null) {
            damage = triggers();
        }
        if (damage == null) {
            damage = functionsChanged();
        }
        return new Findings(setup, damage);
    }

    private @Nullable String tables() {
        for (String table : READ) {
            String name = "upgrade_history." + table;
            String damage = new NamedParameterJdbcTemplate(jdbc).query(TABLES, Map.of("table", table), rs -> {
                if (!rs.next()) {
                    return name + " is missing";
                }
                String kind = rs.getString("relkind");
                if (!kind.equals("r")) {
                    return name + " is no longer a table (pg_class.relkind '" + kind + "'"
                            + (kind.equals("v") ? ", a view" : "") + "): what it returns is a query of its owner's choosing";
                }
                if (rs.getBoolean("relrowsecurity")) {
                    return "row-level security is enabled on " + name + ": its policies can hide rows from this login";
                }
                if (rs.getBoolean("has_rules")) {
                    return name + " has rules (pg_rewrite): they can rewrite what is written to it";
                }
                if (rs.getBoolean("has_children")) {
                    return name + " has child tables (pg_inherits): their rows would be read as its own";
                }
                return null;
            });
            if (damage != null) {
                return damage;
            }
        }
        return null;
    }

    /**
     * The columns verify reads, with the types the migrations give them. A type of the owner's choosing would run
     * the owner's code inside verify: PostgreSQL applies its casts (to json in jsonb_build_object, implicit ones in
     * operators) whatever the search_path. A column added since must be of a pg_catalog type too.
     */
    private @Nullable String columns() {
        Map<String, String> expected = COLUMN_TYPES;
        List<String> found = new ArrayList<>();
        String damage = jdbc.query(COLUMNS, rs -> {
            while (rs.next()) {
                String table = rs.getString("relname");
                if (!READ.contains(table)) {
                    continue;
                }
                String column = table + "." + rs.getString("attname");
                String type = rs.getString("type");
                String wanted = expected.get(column);
                found.add(column);
                if (wanted == null ? !rs.getBoolean("built_in") : !wanted.equals(type)) {
                    return "column upgrade_history." + column + " is of type " + type
                            + (wanted == null ? ", not a pg_catalog type" : ", not " + wanted)
                            + ": the casts of a type of its owner's choosing would run the owner's code inside verify";
                }
            }
            return null;
        });
        if (damage != null) {
            return damage;
        }
        return expected.keySet().stream().filter(column -> !found.contains(column)).findFirst()
                .map(column -> "column upgrade_history." + column + " is missing").orElse(null);
    }

    private @Nullable String triggers() {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String table : APPEND_ONLY) {
            expected.put(table + "_append_only", "CREATE TRIGGER " + table + "_append_only BEFORE DELETE OR UPDATE ON upgrade_history."
                    + table + " FOR EACH ROW EXECUTE FUNCTION upgrade_history.reject_change()");
            expected.put(table + "_no_truncate", "CREATE TRIGGER " + table + "_no_truncate BEFORE TRUNCATE ON upgrade_history."
                    + table + " FOR EACH STATEMENT EXECUTE FUNCTION upgrade_history.reject_change()");
        }
        List<String> found = new ArrayList<>();
        String damage = jdbc.query(TRIGGERS, rs -> {
            while (rs.next()) {
                String table = rs.getString("relname");
                String trigger = rs.getString("tgname");
                String definition = expected.get(trigger);
                found.add(trigger);
                if (definition == null) {
                    if (READ.contains(table)) {
                        return "unexpected trigger " + trigger + " on upgrade_history." + table
                                + ": it can change rows as they are written";
                    }
                } else if (!definition.equals(rs.getString("definition"))) {
                    return "trigger " + trigger + " was changed: it is now " + rs.getString("definition");
                } else if (!List.of("O", "A").contains(rs.getString("tgenabled"))) {
                    return "append-only trigger " + trigger + " on upgrade_history." + table
                            + " is disabled (ALTER TABLE ... DISABLE TRIGGER)";
                }
            }
            return null;
        });
        if (damage != null) {
            return damage;
        }
        return expected.keySet().stream().filter(trigger -> !found.contains(trigger)).findFirst()
                .map(trigger -> "append-only trigger " + trigger + " is missing").orElse(null);
    }

    private @Nullable String functionsChanged() {
        List<String> found = new ArrayList<>();
        String damage = jdbc.query(FUNCTION_DEFINITIONS, rs -> {
            while (rs.next()) {
                String signature = rs.getString("signature");
                String body = FUNCTIONS.get(signature);
                found.add(signature);
                if (body == null) {
                    return "function " + signature + " is not the archive's: it can be called in place of its namesake";
                }
                String language = signature.contains("reject_change") ? "plpgsql" : "sql";
                if (!body.equals(rs.getString("prosrc").strip()) || !language.equals(rs.getString("lanname"))
                        || rs.getBoolean("prosecdef") || rs.getBoolean("has_settings")) {
                    return "function " + signature + " was replaced: it no longer is the definition that "
                            + "docs/integrity.md publishes";
                }
            }
            return null;
        });
        if (damage != null) {
            return damage;
        }
        return FUNCTIONS.keySet().stream().filter(signature -> !found.contains(signature)).findFirst()
                .map(signature -> "function " + signature + " is missing").orElse(null);
    }

    /** The setup as the login verify runs with sees it: normally the archive's own configuration's. */
    private String setup() {
        return jdbc.query(SETUP, rs -> {
            if (!rs.next()) {
                return "no schema upgrade_history";
            }
            String owner = rs.getString("owner");
            String login = rs.getString("login");
            if (login.equals(owner)) {
                return "one login: " + owner + " owns the schema and runs verify; where it runs the archive too, it can"
                        + " disable the append-only triggers and replace functions, and only the hashes, signatures and"
                        + " the witness expose what it changes";
            }
            if (rs.getBoolean("superuser")) {
                return owner + " owns the schema; verify runs as the superuser " + login;
            }
            if (rs.getBoolean("owner_member")) {
                // SET ROLE to the owner, or its privileges inherited: either way it can do what the owner can
                return "two logins, but " + login + " is a member of the owner role " + owner + ": through it, it can"
                        + " disable the append-only triggers and replace functions, and only the hashes, signatures and"
                        + " the witness expose what it changes";
            }
            if (rs.getBoolean("writer")) {
                return "two logins: " + owner + " owns the schema; " + login + " writes through upgrade_history_writer"
                        + " and owns nothing, so the append-only triggers bind it";
            }
            return owner + " owns the schema; verify runs as " + login + ", which neither owns nor writes it";
        });
    }

    private static Map<String, String> columnTypes() {
        String bigint = "bigint";
        String text = "text";
        String integer = "integer";
        String timestamp = "timestamp with time zone";
        Map<String, String> types = new LinkedHashMap<>();
        columns(types, "archive_run", "run_id", bigint, "job_instance_id", bigint, "started_at", timestamp,
                "finished_at", timestamp, "status", text, "clusters_total", integer, "clusters_failed", integer,
                "tasks_seen", integer, "tasks_inserted", integer, "tasks_changed", integer, "tasks_rejected", integer,
                "tasks_delisted", integer, "scope", text);
        columns(types, "upgrade_task", "project_id", text, "cluster_id", text, "task_id", text, "source_version", text,
                "target_version", text, "phase", text, "progress", text, "created_at", timestamp, "updated_at", timestamp,
                "completed_at", timestamp, "duration_seconds", "numeric", "raw", "jsonb", "first_seen_at", timestamp,
                "last_changed_at", timestamp, "last_run_id", bigint, "delisted_at", timestamp, "family", text);
        columns(types, "upgrade_task_revision", "revision_id", bigint, "run_id", bigint, "project_id", text,
                "cluster_id", text, "task_id", text, "observed_at", timestamp, "phase", text, "raw", "jsonb",
                "content_hash", text);
        columns(types, "evidence_revision", "revision_id", bigint, "run_id", bigint, "kind", text, "project_id", text,
                "cluster_id", text, "object_id", text, "observed_at", timestamp, "raw", "jsonb", "content_hash", text);
        for (var evidence : List.of(List.of("precheck_task", "task_id"), List.of("snapshot_task", "task_id"),
                List.of("upgrade_workflow", "workflow_id"), List.of("cluster_upgrade_info", "cluster_version"))) {
            String table = evidence.get(0);
            columns(types, table, "project_id", text, "family", text, "cluster_id", text, "cluster_version", text,
                    "target_version", text, "phase", text, "created_at", timestamp, "updated_at", timestamp,
                    "finished_at", timestamp, "raw", "jsonb", "first_seen_at", timestamp, "last_changed_at", timestamp,
                    "last_run_id", bigint);
            types.put(table + "." + evidence.get(1), text);
        }
        columns(types, "archive_seal", "seal_id", bigint, "run_id", bigint, "sealed_at", timestamp,
                "first_revision_id", bigint, "last_revision_id", bigint, "revision_count", bigint, "previous_digest", text,
                "digest", text, "signature", text, "key_fingerprint", text);
        columns(types, "rejected_task", "rejected_id", bigint, "run_id", bigint, "project_id", text, "cluster_id", text,
                "task_id", text, "reason", text, "raw_text", text, "rejected_at", timestamp, "raw_sha256", text,
                "family", text, "kind", text);
        return Map.copyOf(types);
    }

    /** Puts {@code table}'s columns, given as name, type, name, type... */
    private static void columns(Map<String, String> types, String table, String... namesAndTypes) {
        for (int i = 0; i < namesAndTypes.length; i += 2) {
            types.put(table + "." + namesAndTypes[i], namesAndTypes[i + 1]);
        }
    }

    private static Map<String, String> functions() {
        Map<String, String> functions = new LinkedHashMap<>();
        functions.put("upgrade_history.reject_change()", """
                BEGIN
                    RAISE EXCEPTION 'upgrade_history.% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP
                        USING ERRCODE = 'insufficient_privilege',
                              HINT = 'The archive keeps every observed state; corrections are new revisions, never edits.';
                END""");
        functions.put("upgrade_history.revision_canonical_form(bigint,text,text,text,timestamp with time zone,text,jsonb)", """
                SELECT jsonb_build_object(
                        'run_id', run_id, 'project_id', project_id, 'cluster_id', cluster_id, 'task_id', task_id,
                        'observed_at', to_char(observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                        'phase', phase, 'raw', raw)::text""");
        functions.put("upgrade_history.evidence_canonical_form(text,bigint,text,text,text,timestamp with time zone,jsonb)", """
                SELECT jsonb_build_object(
                        'kind', kind, 'run_id', run_id, 'project_id', project_id, 'cluster_id', cluster_id, 'object_id', object_id,
                        'observed_at', to_char(observed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'), 'raw', raw)::text""");
        functions.put("upgrade_history.seal_digest(text,bigint,timestamp with time zone,bigint,bigint,text)", """
                SELECT upgrade_history.sha256_hex(concat_ws(E'\\n',
                        previous_digest, run_id, to_char(sealed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                        last_revision_id, revision_count, content_hashes))""");
        functions.put("upgrade_history.sha256_hex(text)", "SELECT encode(sha256(convert_to($1, 'UTF8')), 'hex')");
        return Map.copyOf(functions);
    }
}
