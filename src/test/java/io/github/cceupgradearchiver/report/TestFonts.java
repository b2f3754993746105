package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Font files for the PDF tests: Liberation Sans (a TrueType font without Chinese, from PDFBox), the machine's
 * WenQuanYi Micro Hei (a TrueType collection with Chinese, Debian's fonts-wqy-microhei, which .ci/run installs),
 * and damaged or unsuitable variants made by rewriting Liberation Sans's table directory.
 */
final class TestFonts {

    static final Path WQY_MICRO_HEI = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");

    private TestFonts() {
    }

    static byte[] liberationSans() throws IOException {
        try (InputStream in = Objects.requireNonNull(PDDocument.class.getResourceAsStream(GlyphCoverage.LIBERATION_SANS))) {
            return in.readAllBytes();
        }
    }

    /** The machine's WenQuanYi Micro Hei, or a test failure saying what to install. */
    static Path wqyMicroHei() {
        assertThat(WQY_MICRO_HEI).as("the PDF tests need a CJK TrueType font: install it (Debian: apt-get install "
                + "fonts-wqy-microhei; .ci/run does)").isRegularFile();
        return WQY_MICRO_HEI;
    }

    /** The font with table {@code from} renamed {@code to} in its table directory (contents unchanged). */
    static byte[] retagged(byte[] font, String from, String to) {
        byte[] copy = font.clone();
        ByteBuffer buffer = ByteBuffer.wrap(copy);
        int tables = Short.toUnsignedInt(buffer.getShort(4));
        for (int i = 0; i < tables; i++) {
            int record = 12 + 16 * i;
            if (new String(copy, record, 4, StandardCharsets.ISO_8859_1).equals(from)) {
                buffer.put(record, to.getBytes(StandardCharsets.ISO_8859_1));
                return copy;
            }
        }
        throw new IllegalArgumentException("no table " + from);
    }

    /** What an OpenType font with PostScript outlines looks like from its table directory: OTTO, a CFF table. */
    static byte[] withPostScriptOutlines(byte[] font) {
        byte[] copy = retagged(font, "glyf", "CFF ");
        ByteBuffer.wrap(copy).put(0, "OTTO".getBytes(StandardCharsets.ISO_8859_1));
        return copy;
    }

    static Path write(Path directory, String name, byte[] content) throws IOException {
        Path file = directory.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, content);
    }
}
