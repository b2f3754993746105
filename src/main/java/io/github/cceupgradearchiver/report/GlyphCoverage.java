package io.github.cceupgradearchiver.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntPredicate;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeCollection;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;

/**
 * Which characters the PDF report can draw: those of Liberation Sans (which PDFBox ships and the report always
 * embeds) and of the chosen fallback font. A character neither has comes out as {@code #}.
 */
final class GlyphCoverage {

    static final String LIBERATION_SANS = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";

    /** A text of the archive that the PDF cannot show in full. */
    record Unshowable(String text, String codePoints) {
    }

    /** Work on the faces of a font file. */
    @FunctionalInterface
    interface WithFaces<T> {
        T apply(List<TrueTypeFont> faces) throws IOException;
    }

    private GlyphCoverage() {
    }

    /** Opens every face of a TrueType font file (all of a {@code .ttc} collection), works on them, closes them. */
    static <T> T withFont(Path file, WithFaces<T> work) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ttc")) {
            try (TrueTypeCollection collection = new TrueTypeCollection(file.toFile())) {
                List<TrueTypeFont> faces = new ArrayList<>();
                collection.processAllFonts(faces::add);
                return work.apply(faces);
            }
        }
        try (TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBufferedFile(file.toFile()))) {
            return work.apply(List.of(font));
        }
    }

    /** Whether any of the faces has a glyph for every character of {@code text} (white space aside). */
    static boolean covers(List<TrueTypeFont> faces, String text) {
        IntPredicate drawable = drawable(faces);
        return text.codePoints().allMatch(drawable);
    }

    /**
     * The distinct texts, in their order, with a character that neither Liberation Sans nor the chosen font has;
     * each also spelled with those characters as Unicode code points, which any font shows.
     */
    static List<Unshowable> unshowable(Iterable<String> texts, FontChoice choice) throws IOException {
        try (InputStream in = Objects.requireNonNull(PDDocument.class.getResourceAsStream(LIBERATION_SANS), LIBERATION_SANS);
             TrueTypeFont liberation = new TTFParser().parse(new RandomAccessReadBuffer(in))) {
            if (choice instanceof FontChoice.Chosen chosen) {
                return withFont(chosen.file(), faces -> {
                    List<TrueTypeFont> all = new ArrayList<>(faces);
                    all.add(0, liberation);
                    return unshowable(texts, drawable(all));
                });
            }
            return unshowable(texts, drawable(List.of(liberation)));
        }
    }

    private static List<Unshowable> unshowable(Iterable<String> texts, IntPredicate drawable) {
        Set<String> seen = new LinkedHashSet<>();
        List<Unshowable> unshowable = new ArrayList<>();
        for (String text : texts) {
            if (seen.add(text) && !text.codePoints().allMatch(drawable)) {
                StringBuilder spelled = new StringBuilder();
                text.codePoints().forEach(c -> {
                    if (drawable.test(c)) {
                        spelled.appendCodePoint(c);
                    } else {
                        spelled.append(String.format(Locale.ROOT, "<U+%04X>", c));
                    }
                });
                unshowable.add(new Unshowable(text, spelled.toString()));
            }
        }
        return unshowable;
    }

    private static IntPredicate drawable(List<TrueTypeFont> faces) {
        List<CmapLookup> maps = new ArrayList<>();
        for (TrueTypeFont face : faces) {
            try {
                CmapLookup map = face.getUnicodeCmapLookup();
                if (map != null) {
                    maps.add(map);
                }
            } catch (IOException e) {
                // a face without a Unicode character map draws nothing we write
            }
        }
        // White space, line breaks included, is laid out as space; other control characters are never drawn.
        return c -> Character.isWhitespace(c) || !Character.isISOControl(c) && maps.stream().anyMatch(map -> map.getGlyphId(c) > 0);
    }
}
