package io.github.cceupgradearchiver.report;

import java.nio.file.Path;
import java.util.List;

/** The font a PDF report embeds for the characters its standard fonts lack (Chinese above all), or why none. */
sealed interface FontChoice {

    /**
     * A TrueType font file (or collection) that PDFBox can subset and embed.
     *
     * @param configured named by {@code archiver.report.font}, rather than found on the machine
     */
    record Chosen(Path file, String family, boolean configured) implements FontChoice {
    }

    /**
     * No font with Chinese characters that PDFBox can embed is in these directories.
     *
     * @param skipped font files found but unusable, each with the reason (the Noto CJK fonts: PostScript outlines)
     */
    record NoneFound(List<Path> searched, List<String> skipped) implements FontChoice {
    }
}
