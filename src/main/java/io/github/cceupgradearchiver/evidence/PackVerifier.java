package io.github.cceupgradearchiver.evidence;

import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import io.github.cceupgradearchiver.evidence.PackVerdict.Altered;
import io.github.cceupgradearchiver.evidence.PackVerdict.Intact;
import io.github.cceupgradearchiver.evidence.PackVerdict.Unreadable;
import io.github.cceupgradearchiver.history.SealDigest;
import io.github.cceupgradearchiver.history.SealKeys;
import io.github.cceupgradearchiver.history.Sha256;
import io.github.cceupgradearchiver.history.Verification;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks an evidence pack with nothing but Java: every file against the manifest, every revision's content hash
 * (task and evidence revisions, each with its own canonical form) recomputed from its columns ({@link JsonbText}), every seal's digest recomputed from its fields and the hashes it
 * covers, each revision among the hashes of its seal, the chain from seal to seal up to the manifest's head, and the
 * signatures. The keys trusted are the configured ones when any are given (a pack whose keys were swapped then
 * fails), else the pack's own, which proves the pack unchanged since the archive signed it but not who signed.
 */
public final class PackVerifier {

    /** A pack file bigger than this is refused rather than read: no zip bomb fills the memory. */
    private static final long MAX_FILE_BYTES = 1L << 30;

    private final SealKeys configuredKeys;

    public PackVerifier(SealKeys configuredKeys) {
        this.configuredKeys = configuredKeys;
    }

    /** A problem found: the pack's first damage. */
    private static final class Damage extends Exception {
        Damage(String message) {
            super(message, null, false, false);
        }
    }

    public PackVerdict verify(Path pack) {
        Map<String, byte[]> files;
        try {
            files = read(pack);
        } catch (ZipException e) {
            return new Unreadable(pack + " is not a zip file: " + e.getMessage());
        } catch (IOException e) {
            return new Unreadable("cannot read " + pack + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        } catch (Damage e) {
            return new Altered(e.getMessage());
        }
        if (!files.containsKey(PackFiles.MANIFEST)) {
            return new Unreadable(pack + " is not an evidence pack: it has no " + PackFiles.MANIFEST);
        }
        try {
            return check(files);
        } catch (Damage e) {
            return new Altered(e.getMessage());
        }
    }

    private Intact check(Map<String, byte[]> files) throws Damage {
        PackJson manifest = parse(PackFiles.MANIFEST, 0, text(PackFiles.MANIFEST, files.get(PackFiles.MANIFEST)));
        checkFiles(manifest, files);
        // export writes a pack of an altered archive too (its report says so): such a pack is no evidence of an intact one
        String verdict = manifestText(manifest, "archive_verdict");
        if (!verdict.startsWith(Verification.INTACT)) {
            throw new Damage("the archive was not intact when this pack was exported: " + verdict);
        }
        SealKeys packKeys = keys(manifest, files);
        List<SealLine> seals = seals(text(PackFiles.SEALS, files.get(PackFiles.SEALS)));
        SealLine head = seals.get(seals.size() - 1);
        PackJson manifestHead = manifestObject(manifest, "head");
        String headDigest = manifestText(manifestHead, "digest");
        if (!head.digest().equals(headDigest) || head.sealId() != manifestNumber(manifestHead, "seal_id")) {
            throw new Damage(PackFiles.SEALS + ": its last seal " + head.sealId() + " (digest " + head.digest()
                    + ") is not the head the manifest names (" + headDigest + ")");
        }
        Map<Long, String> sealed = new HashMap<>();
        seals.forEach(seal -> seal.covers().forEach(covered -> sealed.put(covered.revisionId(), covered.contentHash())));
        long revisions = checkRevisions(text(PackFiles.REVISIONS, files.get(PackFiles.REVISIONS)), sealed);
        if (revisions != manifestNumber(manifest, "revisions")) {
            throw new Damage(PackFiles.REVISIONS + " holds " + revisions + " revisions, the manifest says "
                    + manifestNumber(manifest, "revisions"));
        }
        String signatures = signatures(seals, packKeys);
        PackJson period = manifestObject(manifest, "period");
        return new Intact(revisions, seals.size(), head.digest(), List.of("signatures: " + signatures,
                "period: " + manifestText(period, "from") + " to " + manifestText(period, "to")
                        + " (" + manifestText(period, "zone") + ")"));
    }

    private static void checkFiles(PackJson manifest, Map<String, byte[]> files) throws Damage {
        Set<String> listed = new HashSet<>();
        for (Json entry : manifestArray(manifest, "files")) {
            PackJson file = object(PackFiles.MANIFEST, entry);
            String path = manifestText(file, "path");
            byte[] content = files.get(path);
            if (content == null) {
                throw new Damage(path + " is listed in the manifest but missing from the pack");
            }
            if (!Sha256.hex(content).equals(manifestText(file, "sha256"))) {
                throw new Damage(path + " does not match its SHA-256 in the manifest: it was changed after export");
            }
            listed.add(path);
        }
        for (String path : files.keySet()) {
            if (!path.equals(PackFiles.MANIFEST) && !listed.contains(path)) {
                throw new Damage(path + " is in the pack but not in the manifest: it was added after export");
            }
        }
        for (String required : List.of(PackFiles.REVISIONS, PackFiles.SEALS)) {
            if (!listed.contains(required)) {
                throw new Damage("the manifest lists no " + required);
            }
        }
    }

    private static SealKeys keys(PackJson manifest, Map<String, byte[]> files) throws Damage {
        Map<String, String> pem = new LinkedHashMap<>();
        Map<String, String> fingerprints = new LinkedHashMap<>();
        for (Json entry : manifestArray(manifest, "keys")) {
            PackJson key = object(PackFiles.MANIFEST, entry);
            String file = manifestText(key, "file");
            if (!files.containsKey(file)) {
                throw new Damage("the manifest names key file " + file + ", which the pack lacks");
            }
            pem.put(file, text(file, files.get(file)));
            fingerprints.put(file, manifestText(key, "fingerprint"));
        }
        SealKeys keys;
        try {
            keys = SealKeys.fromPem(pem);
        } catch (InvalidConfigurationException e) {
            throw new Damage("a key file of the pack holds no Ed25519 public key: " + e.getMessage());
        }
        if (!keys.fingerprints().equals(new LinkedHashSet<>(fingerprints.values()))) {
            throw new Damage("the pack's key files do not have the fingerprints the manifest gives them ("
                    + String.join(", ", fingerprints.values()) + ")");
        }
        return keys;
    }

    private static List<SealLine> seals(String text) throws Damage {
        List<SealLine> seals = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty() && i == lines.length - 1) {
                break;
            }
            SealLine seal;
            try {
                seal = SealLine.read(lines[i]);
            } catch (IllegalArgumentException e) {
                throw new Damage(PackFiles.SEALS + " line " + (i + 1) + ": " + e.getMessage());
            }
            String where = PackFiles.SEALS + " line " + (i + 1) + ", seal " + seal.sealId();
            SealLine previous = seals.isEmpty() ? null : seals.get(seals.size() - 1);
            if (previous != null && (seal.sealId() <= previous.sealId() || !seal.previousDigest().equals(previous.digest())
                    || seal.afterRevisionId() != previous.lastRevisionId())) {
                throw new Damage(where + ": does not follow seal " + previous.sealId()
                        + " (its previous_digest or range does not continue the chain): a seal was removed or altered");
            }
            if (previous == null && seal.afterRevisionId() == 0 && !seal.previousDigest().equals(SealDigest.GENESIS)) {
                throw new Damage(where + ": the first seal of the archive must chain to the genesis digest");
            }
            long after = seal.afterRevisionId();
            for (SealLine.Covered covered : seal.covers()) {
                if (covered.revisionId() <= after || covered.revisionId() > seal.lastRevisionId()) {
                    throw new Damage(where + ": covers revision " + covered.revisionId() + " out of its range "
                            + (seal.afterRevisionId() + 1) + ".." + seal.lastRevisionId() + " or out of order");
                }
                after = covered.revisionId();
            }
            if (seal.covers().size() != seal.revisionCount()) {
                throw new Damage(where + ": records " + seal.revisionCount() + " revisions but lists "
                        + seal.covers().size() + " content hashes");
            }
            if (!seal.recomputedDigest().equals(seal.digest())) {
                throw new Damage(where + ": its digest does not match its fields and the content hashes it covers");
            }
            seals.add(seal);
        }
        if (seals.isEmpty()) {
            throw new Damage(PackFiles.SEALS + " holds no seal");
        }
        return seals;
    }

    private static long checkRevisions(String text, Map<Long, String> sealed) throws Damage {
        String[] lines = text.split("\n", -1);
        long count = 0;
        long previousId = Long.MIN_VALUE;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty() && i == lines.length - 1) {
                break;
            }
            String where = PackFiles.REVISIONS + " line " + (i + 1);
            RevisionLine revision;
            try {
                revision = RevisionLine.read(lines[i]);
            } catch (IllegalArgumentException e) {
                throw new Damage(where + ": " + e.getMessage());
            }
            where += ", " + revision.describe();
            if (revision.revisionId() <= previousId) {
                throw new Damage(where + ": out of order or repeated");
            }
            previousId = revision.revisionId();
            if (!revision.recomputedHash().equals(revision.contentHash())) {
                throw new Damage(where + ": its content does not match its content hash (it was altered)");
            }
            String seal = sealed.get(revision.revisionId());
            if (seal == null) {
                throw new Damage(where + ": no seal of the pack covers it");
            }
            if (!seal.equals(revision.contentHash())) {
                throw new Damage(where + ": its content hash is not the one its seal covers (it was altered)");
            }
            count++;
        }
        return count;
    }

    /**
     * As verify checks the archive: once a seal is signed every later one must be, every signature must hold with
     * a trusted key, and when keys are trusted the head must be signed.
     */
    private String signatures(List<SealLine> seals, SealKeys packKeys) throws Damage {
        SealKeys trusted = configuredKeys.configured() ? configuredKeys : packKeys;
        String source = configuredKeys.configured() ? SealKeys.KEY : "the pack's own keys (give "
                + SealKeys.KEY + " to check who signed)";
        Long firstSigned = null;
        long signed = 0;
        for (SealLine seal : seals) {
            if (seal.signature() == null) {
                if (firstSigned != null) {
                    throw new Damage(seal.head().describe() + " is not signed, but seal " + firstSigned
                            + " before it was: its signature was removed");
                }
                continue;
            }
            if (firstSigned == null) {
                firstSigned = seal.sealId();
            }
            signed++;
            switch (trusted.check(seal.head())) {
                case GOOD, UNSIGNED -> {
                }
                case UNKNOWN_KEY -> throw new Damage(seal.head().describe() + " is signed by key "
                        + seal.keyFingerprint() + ", which is none of " + source + " ("
                        + String.join(", ", trusted.fingerprints()) + ")");
                case BAD -> throw new Damage(seal.head().describe() + ": its signature does not match it");
            }
        }
        SealLine head = seals.get(seals.size() - 1);
        if (trusted.configured() && head.signature() == null) {
            throw new Damage("the head " + head.head().describe() + " is not signed although keys are given");
        }
        if (signed == 0) {
            return "none: the seals are unsigned, so the pack shows only that it is consistent in itself";
        }
        return "checked with " + source + ", key " + String.join(", ", trusted.fingerprints()) + ": " + signed
                + " of " + seals.size() + " seals are signed";
    }

    private static Map<String, byte[]> read(Path pack) throws IOException, Damage {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(pack.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory()) {
                    continue;
                }
                if (files.containsKey(entry.getName())) {
                    throw new Damage(entry.getName() + " is in the pack twice");
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    byte[] content = in.readNBytes((int) Math.min(MAX_FILE_BYTES + 1, Integer.MAX_VALUE - 8));
                    if (content.length > MAX_FILE_BYTES) {
                        throw new Damage(entry.getName() + " is larger than " + MAX_FILE_BYTES + " bytes");
                    }
                    files.put(entry.getName(), content);
                }
            }
        }
        return files;
    }

    private static String text(String file, byte[] content) throws Damage {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new Damage(file + " is not UTF-8 text");
        }
    }

    private static PackJson parse(String file, int line, String text) throws Damage {
        try {
            return PackJson.of(JsonbText.parse(text));
        } catch (IllegalArgumentException e) {
            throw new Damage(file + (line == 0 ? "" : " line " + line) + ": " + e.getMessage());
        }
    }

    private static PackJson object(String file, Json value) throws Damage {
        try {
            return PackJson.of(value);
        } catch (IllegalArgumentException e) {
            throw new Damage(file + ": " + e.getMessage());
        }
    }

    private static String manifestText(PackJson json, String name) throws Damage {
        try {
            return json.text(name);
        } catch (IllegalArgumentException e) {
            throw new Damage(PackFiles.MANIFEST + ": " + e.getMessage());
        }
    }

    private static PackJson manifestObject(PackJson json, String name) throws Damage {
        try {
            return json.object(name);
        } catch (IllegalArgumentException e) {
            throw new Damage(PackFiles.MANIFEST + ": \"" + name + "\": " + e.getMessage());
        }
    }

    private static long manifestNumber(PackJson json, String name) throws Damage {
        try {
            return json.number(name);
        } catch (IllegalArgumentException e) {
            throw new Damage(PackFiles.MANIFEST + ": " + e.getMessage());
        }
    }

    private static List<Json> manifestArray(PackJson json, String name) throws Damage {
        try {
            return json.array(name);
        } catch (IllegalArgumentException e) {
            throw new Damage(PackFiles.MANIFEST + ": " + e.getMessage());
        }
    }
}
