package io.github.cceupgradearchiver.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The table directory of a font file (the OpenType "sfnt" structure: a TrueType or OpenType font, or a collection
 * of them), read without parsing any table: enough to tell a font PDFBox can embed (TrueType outlines, a
 * {@code glyf} table) from one it cannot (PostScript outlines, {@code CFF }) before PDFBox reads it.
 *
 * @param collection the file is a TrueType collection ({@code ttcf}), such as a {@code .ttc}
 * @param fonts      the table tags of each font in the file
 */
record SfntDirectory(boolean collection, List<Set<String>> fonts) {

    private static final int TRUETYPE = 0x00010000;
    private static final int TRUE = tag("true");
    private static final int OTTO = tag("OTTO");
    private static final int TTCF = tag("ttcf");
    // Real fonts have a few dozen tables and collections a few dozen fonts; more means a damaged file.
    private static final int MAX_TABLES = 256;
    private static final int MAX_FONTS = 1024;

    /** Thrown for a file that is no font: the message says why. */
    static final class NotAFontException extends IOException {
        NotAFontException(String message) {
            super(message);
        }
    }

    static SfntDirectory read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            int magic = readInt(channel, 0);
            if (magic != TTCF) {
                return new SfntDirectory(false, List.of(tables(channel, 0)));
            }
            long numFonts = Integer.toUnsignedLong(readInt(channel, 8));
            if (numFonts < 1 || numFonts > MAX_FONTS) {
                throw new NotAFontException("a TrueType collection that claims " + numFonts + " fonts");
            }
            List<Set<String>> fonts = new ArrayList<>();
            for (int i = 0; i < numFonts; i++) {
                fonts.add(tables(channel, Integer.toUnsignedLong(readInt(channel, 12 + 4L * i))));
            }
            return new SfntDirectory(true, fonts);
        }
    }

    /** Every font has TrueType outlines: PDFBox can subset and embed it. */
    boolean trueTypeOutlines() {
        return fonts.stream().allMatch(tags -> tags.contains("glyf") && !tags.contains("CFF ") && !tags.contains("CFF2"));
    }

    /** Every font maps characters to glyphs. */
    boolean characterMaps() {
        return fonts.stream().allMatch(tags -> tags.contains("cmap"));
    }

    private static Set<String> tables(FileChannel channel, long offset) throws IOException {
        int version = readInt(channel, offset);
        if (version != TRUETYPE && version != TRUE && version != OTTO) {
            throw new NotAFontException("it does not start as a TrueType or OpenType font does");
        }
        int numTables = Short.toUnsignedInt(read(channel, offset + 4, 2).getShort());
        if (numTables < 1 || numTables > MAX_TABLES) {
            throw new NotAFontException("a font that claims " + numTables + " tables");
        }
        ByteBuffer records = read(channel, offset + 12, 16 * numTables);
        Set<String> tags = new LinkedHashSet<>();
        for (int i = 0; i < numTables; i++) {
            byte[] tagBytes = new byte[4];
            records.get(16 * i, tagBytes);
            String tag = new String(tagBytes, StandardCharsets.ISO_8859_1);
            long end = Integer.toUnsignedLong(records.getInt(16 * i + 8)) + Integer.toUnsignedLong(records.getInt(16 * i + 12));
            if (end > channel.size()) {
                throw new NotAFontException("its table '" + printable(tag) + "' goes past the end of the file (damaged or cut short)");
            }
            tags.add(tag);
        }
        return tags;
    }

    // A damaged directory may hold any bytes where a tag goes; they end up in a configuration error's message.
    private static String printable(String tag) {
        return tag.codePoints().allMatch(c -> c >= 0x20 && c < 0x7f) ? tag : "?";
    }

    private static int readInt(FileChannel channel, long position) throws IOException {
        return read(channel, position, 4).getInt();
    }

    private static ByteBuffer read(FileChannel channel, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new NotAFontException("it is too short for one");
            }
        }
        return buffer.flip();
    }

    private static int tag(String tag) {
        return ByteBuffer.wrap(tag.getBytes(StandardCharsets.ISO_8859_1)).getInt();
    }
}
