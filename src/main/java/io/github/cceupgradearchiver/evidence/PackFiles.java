package io.github.cceupgradearchiver.evidence;

/** The names inside an evidence pack (docs/integrity.md, "The evidence pack"). */
final class PackFiles {

    static final String FORMAT = "cce-upgrade-archiver evidence pack v1";
    static final String MANIFEST = "manifest.json";
    static final String REVISIONS = "revisions.jsonl";
    static final String SEALS = "seals.jsonl";
    static final String README = "README.md";
    static final String VERIFY_PY = "verify.py";
    static final String KEYS = "keys/";
    static final String REPORT = "report/report.";

    private PackFiles() {
    }

    static String key(String fingerprint) {
        return KEYS + fingerprint + ".pem";
    }
}
