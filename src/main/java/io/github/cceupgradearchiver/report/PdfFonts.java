package io.github.cceupgradearchiver.report;

import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.jspecify.annotations.Nullable;

/**
 * Chooses the font a PDF report embeds beside Liberation Sans, so that Chinese cluster names, versions and phases
 * print as characters rather than {@code #}: the one {@code archiver.report.font} names (anything wrong with it is a
 * configuration error naming the key), else the first CJK font found on the machine that PDFBox can embed.
 * <p>
 * PDFBox embeds fonts with TrueType outlines only: OpenType fonts with PostScript (CFF) outlines, which includes
 * the Noto CJK fonts most distributions install, fail when the PDF is saved. TrueType collections ({@code .ttc},
 * such as WenQuanYi Micro Hei) are fine; openhtmltopdf recognises them by that file name ending.
 */
final class PdfFonts {

    static final String KEY = "archiver.report.font";
    static final String INSTALL = "install a CJK TrueType font (Debian and Ubuntu: apt-get install fonts-wqy-microhei; "
            + "Alpine: apk add font-wqy-zenhei) or name one with " + KEY;

    /** Where Linux, macOS and Windows keep fonts. */
    static final List<Path> SYSTEM_DIRECTORIES = systemDirectories();

    /** CJK fonts with TrueType outlines, best first: these are tried before any other font file found. */
    static final List<String> KNOWN = List.of("wqy-microhei.ttc", "wqy-zenhei.ttc", "droidsansfallbackfull.ttf",
            "droidsansfallback.ttf", "msyh.ttc", "simhei.ttf", "simsun.ttc", "uming.ttc", "ukai.ttc",
            "arial unicode.ttf", "arialuni.ttf");

    /** A font is chosen only if it has these: the common characters of Chinese cluster names. */
    static final String SAMPLE = "生产测试集群中文";

    /** What {@link FontFile#inspect} writes with each face it checks: Latin, digits and Chinese. */
    private static final String PROBE = "Aa0-" + SAMPLE;

    private static final int MAX_DEPTH = 8;

    private final @Nullable Path configured;
    private final List<Path> directories;

    PdfFonts(@Nullable Path configured, List<Path> directories) {
        this.configured = configured == null || configured.toString().isBlank() ? null : configured;
        this.directories = List.copyOf(directories);
    }

    /** The font to embed; a configuration error when {@code archiver.report.font} names no usable font. */
    FontChoice choose() {
        if (configured != null) {
            FontFile font = FontFile.inspect(configured, true);
            if (font instanceof FontFile.Unusable unusable) {
                throw new InvalidConfigurationException(KEY, configured + " " + unusable.reason());
            }
            return new FontChoice.Chosen(configured.toAbsolutePath(), ((FontFile.Usable) font).family(), true);
        }
        List<String> skipped = new ArrayList<>();
        for (Path candidate : candidates()) {
            FontFile font = FontFile.inspect(candidate, false);
            if (font instanceof FontFile.Usable usable && usable.cjk()) {
                return new FontChoice.Chosen(candidate, usable.family(), false);
            }
            if (font instanceof FontFile.Unusable unusable) {
                skipped.add(candidate + " " + unusable.reason());
            }
        }
        return new FontChoice.NoneFound(directories.stream().filter(Files::isDirectory).toList(), skipped);
    }

    private static List<Path> systemDirectories() {
        String home = System.getProperty("user.home");
        List<Path> directories = new ArrayList<>(List.of(Path.of("/usr/share/fonts"), Path.of("/usr/local/share/fonts"),
                Path.of(home, ".local", "share", "fonts"), Path.of(home, ".fonts"), Path.of("/Library/Fonts"),
                Path.of("/System/Library/Fonts"), Path.of(home, "Library", "Fonts")));
        String windows = System.getenv("WINDIR");
        if (windows != null) {
            directories.add(Path.of(windows, "Fonts"));
        }
        return List.copyOf(directories);
    }

    /** Every TrueType font file in the directories: the known CJK fonts first, in their order, then by path. */
    private List<Path> candidates() {
        List<Path> files = new ArrayList<>();
        for (Path directory : directories) {
            if (Files.isDirectory(directory)) {
                collect(directory, files);
            }
        }
        files.sort(Comparator.comparingInt(PdfFonts::rank).thenComparing(Path::toString));
        return files;
    }

    private static int rank(Path file) {
        int known = KNOWN.indexOf(name(file));
        return known < 0 ? KNOWN.size() : known;
    }

    private static String name(Path file) {
        return String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
    }

    // Links followed (font directories are often links), loops and unreadable directories skipped.
    private static void collect(Path directory, List<Path> files) {
        try {
            Files.walkFileTree(directory, EnumSet.of(FileVisitOption.FOLLOW_LINKS), MAX_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    String name = name(file);
                    if (attributes.isRegularFile() && (name.endsWith(".ttf") || name.endsWith(".ttc"))) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // a directory that vanished or cannot be read has no fonts to offer
        }
    }

    /** What a font file is good for. */
    sealed interface FontFile {

        /** PDFBox can subset and embed it; {@code cjk}: it has the {@link #SAMPLE} characters. */
        record Usable(String family, boolean cjk) implements FontFile {
        }

        record Unusable(String reason) implements FontFile {
        }

        /**
         * What the file is good for; {@code always}: check that it embeds even without Chinese characters (a font
         * that is configured, rather than one found, is used whatever it covers).
         */
        static FontFile inspect(Path file, boolean always) {
            if (!Files.exists(file)) {
                return new Unusable("does not exist");
            }
            if (Files.isDirectory(file)) {
                return new Unusable("is a directory, not a font file");
            }
            if (!Files.isReadable(file)) {
                return new Unusable("cannot be read");
            }
            SfntDirectory directory;
            try {
                directory = SfntDirectory.read(file);
            } catch (IOException e) {
                return new Unusable("is not a TrueType font: " + e.getMessage());
            }
            if (!directory.trueTypeOutlines()) {
                return new Unusable("has PostScript (CFF) outlines, which PDFBox cannot embed: use a TrueType font "
                        + "(.ttf or .ttc) such as wqy-microhei.ttc of fonts-wqy-microhei");
            }
            if (!directory.characterMaps()) {
                return new Unusable("has no character map (cmap table): no text can be written with it");
            }
            if (directory.collection() != name(file).endsWith(".ttc")) {
                return new Unusable(directory.collection()
                        ? "is a TrueType collection, but its name does not end in .ttc, by which the PDF renderer "
                                + "recognises one: link or copy it to a name ending in .ttc"
                        : "is a single TrueType font, but its name ends in .ttc, which the PDF renderer takes for a "
                                + "collection: link or copy it to a name ending in .ttf");
            }
            try {
                return GlyphCoverage.withFont(file, faces -> {
                    boolean cjk = GlyphCoverage.covers(faces, SAMPLE);
                    if (cjk || always) {
                        embedInAPdf(faces);
                    }
                    return new Usable(family(faces.get(0)), cjk);
                });
            } catch (IOException | RuntimeException e) {
                return new Unusable("cannot be embedded in a PDF (damaged?): " + e.getMessage());
            }
        }

        /**
         * Writes a throwaway PDF with a few characters of each face, as the report will: a damaged font that PDFBox
         * still parses fails here, while its name can still be given, rather than in the middle of a report.
         */
        private static void embedInAPdf(List<TrueTypeFont> faces) throws IOException {
            try (PDDocument document = new PDDocument()) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    for (TrueTypeFont face : faces) {
                        String text = PROBE.codePoints().filter(c -> GlyphCoverage.covers(List.of(face), Character.toString(c)))
                                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
                        content.beginText();
                        content.setFont(PDType0Font.load(document, face, true), 10);
                        content.showText(text);
                        content.endText();
                    }
                }
                document.save(OutputStream.nullOutputStream());
            }
        }

        private static String family(TrueTypeFont font) throws IOException {
            String family = font.getNaming() == null ? null : font.getNaming().getFontFamily();
            return family == null || family.isBlank() ? font.getName() : family;
        }
    }
}
