package io.github.cceupgradearchiver.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;

/** Answers an API could send on a bad day, to prove that none of them costs more than its cluster. */
public final class HostileResponses {

    private static final byte[] GZIP_BOMB = gzipOfSpaces(1L << 30);

    private HostileResponses() {
    }

    /**
     * A 200 whose body is {@code bytes} long (a task list padded with spaces, valid JSON however long), sent chunked;
     * {@code sent} counts what actually left before the client hung up.
     */
    public static SimulatedResponse huge(long bytes, AtomicLong sent) {
        return SimulatedResponse.streamed(200, Map.of(), out -> {
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) ' ');
            write(out, "{\"items\":[", sent);
            for (long left = bytes - 12; left > 0; left -= chunk.length) {
                out.write(chunk, 0, (int) Math.min(chunk.length, left));
                sent.addAndGet(Math.min(chunk.length, left));
            }
            write(out, "]}", sent);
        });
    }

    /** A 200 of about 1 MB, gzip-encoded, that inflates to a 1 GiB task list (spaces inside an empty items array). */
    public static SimulatedResponse gzipBomb() {
        return SimulatedResponse.streamed(200, Map.of("Content-Encoding", "gzip"), out -> out.write(GZIP_BOMB));
    }

    public static int gzipBombBytes() {
        return GZIP_BOMB.length;
    }

    /** A 200 whose body arrives one byte every {@code every}, {@code bytes} bytes in all. */
    public static SimulatedResponse drip(Duration every, int bytes) {
        return SimulatedResponse.streamed(200, Map.of(), out -> {
            for (int i = 0; i < bytes; i++) {
                out.write(' ');
                out.flush();
                Thread.sleep(every.toMillis());
            }
        });
    }

    /** A 500 whose error code is {@code codeLength} characters and whose message hides NULs, a forged log line and ANSI. */
    public static SimulatedResponse errorWithNuls(int codeLength) {
        return SimulatedResponse.error(500, "{\"error_code\":\"" + "E".repeat(codeLength) + "\\u0000\","
                + "\"error_msg\":\"bad\\u0000news\\n2099-01-01T00:00:00Z INFO forged line\\u001b[31m\"}");
    }

    /** A 403 whose body is not JSON and holds raw NUL and escape bytes. */
    public static SimulatedResponse rawNulsInError() {
        return SimulatedResponse.error(403, "denied\u0000\u001b[2J\r\nX-Forged: yes");
    }

    private static void write(OutputStream out, String text, AtomicLong sent) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes);
        sent.addAndGet(bytes.length);
    }

    private static byte[] gzipOfSpaces(long inflated) {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write("{\"items\":[".getBytes(StandardCharsets.UTF_8));
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (long left = inflated; left > 0; left -= spaces.length) {
                gzip.write(spaces);
            }
            gzip.write("]}".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return compressed.toByteArray();
    }
}
