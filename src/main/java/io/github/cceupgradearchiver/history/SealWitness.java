package io.github.cceupgradearchiver.history;

import io.github.cceupgradearchiver.cce.ApiJson;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The outside witness of {@code archiver.integrity.witness-dir}: every seal's signed head, one file per seal
 * ({@code seal-000000000012.json}, one JSON line), created once and never rewritten, flushed to the device before
 * the run goes on. One file per seal, not one growing file, so that an object-locked bucket mounted as a directory
 * (where an object is written once) and a WORM volume hold it as well as a local disk. Verify reads them all back.
 */
final class SealWitness {

    static final String KEY = "archiver.integrity.witness-dir";

    private static final long MAX_FILE_SIZE = 4096;
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SIGNATURE = Pattern.compile("[A-Za-z0-9+/]{86}==");

    /** What the witness directory holds: the heads it could read, and the files it could not. */
    record Record(List<SealHead> heads, List<String> unreadable) {
    }

    private final Path directory;

    SealWitness(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** Writes the head's file; fails when the file exists already (the witness never rewrites) or cannot be written. */
    void record(SealHead head) throws IOException {
        ObjectNode line = ApiJson.MAPPER.createObjectNode()
                .put("seal_id", head.sealId())
                .put("run_id", head.runId())
                .put("sealed_at", SealDigest.timestamp(head.sealedAt()))
                .put("digest", head.digest())
                .put("signature", head.signature())
                .put("key_fingerprint", head.keyFingerprint());
        byte[] bytes = (ApiJson.MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
        Path file = directory.resolve(fileName(head.sealId()));
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        syncDirectory();
    }

    /** Every seal file of the directory, in seal order; a missing directory is an error, an empty one is not. */
    Record read() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "seal-*.json")) {
            entries.forEach(files::add);
        }
        files.sort(Comparator.comparing(path -> path.getFileName().toString()));
        List<SealHead> heads = new ArrayList<>();
        List<String> unreadable = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            // A file that is not exactly what record() writes (its name included) vouches for nothing.
            SealHead head = Files.size(file) > MAX_FILE_SIZE ? null : parse(readOrEmpty(file));
            if (head == null || !fileName(head.sealId()).equals(name)) {
                unreadable.add(name);
            } else {
                heads.add(head);
            }
        }
        heads.sort(Comparator.comparingLong(SealHead::sealId));
        return new Record(heads, unreadable);
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    static String fileName(long sealId) {
        return String.format("seal-%012d.json", sealId);
    }

    /** A witness line as {@link #record} writes it, or {@code null} when it is anything else. */
    static @Nullable SealHead parse(String text) {
        try {
            JsonNode line = ApiJson.MAPPER.readTree(text.strip());
            if (line == null || !line.isObject() || line.size() != 6 || !line.path("seal_id").isIntegralNumber()
                    || !line.path("run_id").isIntegralNumber() || !line.path("sealed_at").isString()
                    || !HEX64.matcher(line.path("digest").asString("")).matches()) {
                return null;
            }
            String signature = line.path("signature").isNull() ? null : line.path("signature").asString(null);
            String fingerprint = line.path("key_fingerprint").isNull() ? null : line.path("key_fingerprint").asString(null);
            boolean unsigned = signature == null && fingerprint == null && line.has("signature") && line.has("key_fingerprint");
            boolean signed = signature != null && fingerprint != null && SIGNATURE.matcher(signature).matches()
                    && HEX64.matcher(fingerprint).matches();
            if (!unsigned && !signed) {
                return null;
            }
            Instant sealedAt = Instant.parse(line.path("sealed_at").asString());
            if (!SealDigest.timestamp(sealedAt).equals(line.path("sealed_at").asString())) {
                return null;
            }
            return new SealHead(line.path("seal_id").asLong(), line.path("run_id").asLong(), sealedAt,
                    line.path("digest").asString(), signature, fingerprint);
        } catch (JacksonException | DateTimeParseException e) {
            return null;
        }
    }

    // A new file's name is durable only once its directory is: fsync the directory too, where the platform allows.
    private void syncDirectory() {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every file system (or object-store mount) lets a directory be opened or synced; the file itself is.
        }
    }
}
