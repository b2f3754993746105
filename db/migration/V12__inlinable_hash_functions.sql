-- The writers hash every revision with the first three, in the statement that inserts it. PostgreSQL inlines a SQL
-- function into that statement only if the function is declared no less volatile than its body, and
-- jsonb_build_object, to_char and convert_to are STABLE: declared IMMUTABLE, these ran through the SQL-function
-- executor once a revision (docs/benchmarks.md, "What the profiles showed (fourth round)"). STABLE is what they all
-- are, seal_digest (for analysts; the sealer and verify compute digests in Java) included; nothing indexes them or
-- relies on IMMUTABLE. Their bodies, and so every hash, are unchanged.
ALTER FUNCTION upgrade_history.sha256_hex(text) STABLE;
ALTER FUNCTION upgrade_history.revision_canonical_form(bigint, text, text, text, timestamptz, text, jsonb) STABLE;
ALTER FUNCTION upgrade_history.evidence_canonical_form(text, bigint, text, text, text, timestamptz, jsonb) STABLE;
ALTER FUNCTION upgrade_history.seal_digest(text, bigint, timestamptz, bigint, bigint, text) STABLE;
