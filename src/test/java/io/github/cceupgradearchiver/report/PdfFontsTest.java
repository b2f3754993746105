package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which font a PDF report embeds for Chinese names: the configured one, checked, or one found on the machine. */
class PdfFontsTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing file                   | missing.ttf       | missing.ttf does not exist
            a directory                    | fonts             | fonts is a directory, not a font file
            a text file                    | notes.ttf         | notes.ttf is not a TrueType font: it does not start as a TrueType or OpenType font does
            an empty file                  | empty.ttf         | empty.ttf is not a TrueType font: it is too short for one
            PostScript (CFF) outlines      | postscript.otf    | postscript.otf has PostScript (CFF) outlines, which PDFBox cannot embed: use a TrueType font (.ttf or .ttc) such as wqy-microhei.ttc of fonts-wqy-microhei
            no character map               | nocmap.ttf        | nocmap.ttf has no character map (cmap table): no text can be written with it
            a single font named .ttc       | single.ttc        | single.ttc is a single TrueType font, but its name ends in .ttc, which the PDF renderer takes for a collection
            a collection named .ttf        | collection.ttf    | collection.ttf is a TrueType collection, but its name does not end in .ttc, by which the PDF renderer recognises one
            """)
    void aConfiguredFontThatCannotBeEmbeddedIsAConfigurationErrorNamingTheKey(String problem, String name, String message)
            throws Exception {
        // given
        byte[] liberation = TestFonts.liberationSans();
        Files.createDirectories(dir.resolve("fonts"));
        TestFonts.write(dir, "notes.ttf", "archiver:\n  report:\n".getBytes(StandardCharsets.UTF_8));
        TestFonts.write(dir, "empty.ttf", new byte[0]);
        TestFonts.write(dir, "postscript.otf", TestFonts.withPostScriptOutlines(liberation));
        TestFonts.write(dir, "nocmap.ttf", TestFonts.retagged(liberation, "cmap", "xmap"));
        TestFonts.write(dir, "single.ttc", liberation);
        TestFonts.write(dir, "collection.ttf", Files.readAllBytes(TestFonts.wqyMicroHei()));
        Path configured = dir.resolve(name);

        // when / then
        assertThatExceptionOfType(InvalidConfigurationException.class)
                .isThrownBy(() -> new PdfFonts(configured, List.of()).choose())
                .withMessageStartingWith("archiver.report.font: " + configured)
                .withMessageContaining(message);
    }

    @Test
    void aConfiguredTrueTypeFontOrCollectionIsChosenEvenWithoutChineseCharacters() throws Exception {
        // given
        Path liberation = TestFonts.write(dir, "LiberationSans-Regular.ttf", TestFonts.liberationSans());

        // when
        FontChoice single = new PdfFonts(liberation, List.of(dir)).choose();
        FontChoice collection = new PdfFonts(TestFonts.wqyMicroHei(), List.of()).choose();

        // then
        assertThat(single).isEqualTo(new FontChoice.Chosen(liberation, "Liberation Sans", true));
        assertThat(collection).isEqualTo(new FontChoice.Chosen(TestFonts.wqyMicroHei(), "WenQuanYi Micro Hei", true));
    }

    @Test
    void withoutConfigurationTheFirstChineseTrueTypeFontOfTheDirectoriesIsChosen() throws Exception {
        // given: fonts PDFBox cannot embed or without Chinese sort first
        byte[] liberation = TestFonts.liberationSans();
        TestFonts.write(dir, "a/LiberationSans-Regular.ttf", liberation);
        TestFonts.write(dir, "a/NotoSansCJK-Regular.ttf", TestFonts.withPostScriptOutlines(liberation));
        Path wqy = TestFonts.write(dir, "b/cjk/my-cjk.ttc", Files.readAllBytes(TestFonts.wqyMicroHei()));

        // when
        FontChoice choice = new PdfFonts(null, List.of(dir.resolve("missing"), dir)).choose();

        // then
        assertThat(choice).isEqualTo(new FontChoice.Chosen(wqy, "WenQuanYi Micro Hei", false));
    }

    @Test
    void aKnownChineseFontIsPreferredToOthersWhereverItIs() throws Exception {
        // given
        byte[] wqy = Files.readAllBytes(TestFonts.wqyMicroHei());
        TestFonts.write(dir, "a/aaa.ttc", wqy);
        Path known = TestFonts.write(dir, "z/wqy-zenhei.ttc", wqy);

        // when
        FontChoice choice = new PdfFonts(null, List.of(dir)).choose();

        // then
        assertThat(choice).isEqualTo(new FontChoice.Chosen(known, "WenQuanYi Micro Hei", false));
    }

    @Test
    void noChineseTrueTypeFontInTheDirectoriesIsNoneFoundNamingTheDirectoriesAndTheUnusableFonts() throws Exception {
        // given
        byte[] liberation = TestFonts.liberationSans();
        TestFonts.write(dir, "LiberationSans-Regular.ttf", liberation);
        Path noto = TestFonts.write(dir, "NotoSansCJK-Regular.ttf", TestFonts.withPostScriptOutlines(liberation));

        // when
        FontChoice choice = new PdfFonts(null, List.of(dir, dir.resolve("missing"))).choose();

        // then
        assertThat(choice).isEqualTo(new FontChoice.NoneFound(List.of(dir), List.of(noto
                + " has PostScript (CFF) outlines, which PDFBox cannot embed: use a TrueType font (.ttf or .ttc) such as "
                + "wqy-microhei.ttc of fonts-wqy-microhei")));
    }

    @Test
    void theMachinesOwnFontDirectoriesHoldAChineseFont() {
        // when
        FontChoice choice = new PdfFonts(null, PdfFonts.SYSTEM_DIRECTORIES).choose();

        // then
        assertThat(choice).as("install a CJK TrueType font (Debian: apt-get install fonts-wqy-microhei; .ci/run does)")
                .isInstanceOf(FontChoice.Chosen.class);
    }
}
