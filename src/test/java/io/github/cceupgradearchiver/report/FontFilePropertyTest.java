package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Whatever file {@code archiver.report.font} names, choosing the PDF's font either accepts it, and then a PDF is
 * written with it, or fails with a configuration error naming the key: never another exception, never a PDF that
 * fails later.
 */
class FontFilePropertyTest {

    private static final byte[] LIBERATION = liberation();
    private static final PdfReport PDF = new PdfReport(new PdfFonts(null, List.of()), new HtmlReport());

    @Property(tries = 300)
    void anyBytesAreAFontOrAConfigurationErrorNamingTheKey(@ForAll @Size(max = 2048) byte[] content,
                                                          @ForAll("names") String name) throws IOException {
        assertAcceptedOrRejectedClearly(content, name);
    }

    // each accepted font writes a PDF: fewer tries than above
    @Property(tries = 100)
    void aDamagedTableDirectoryIsAFontOrAConfigurationErrorNamingTheKey(@ForAll("damagedLiberation") byte[] content)
            throws IOException {
        assertAcceptedOrRejectedClearly(content, "damaged.ttf");
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of("font.ttf", "font.ttc", "font.otf", "font");
    }

    /** Liberation Sans with a few bytes of its header or table directory (the first 300 bytes) overwritten. */
    @Provide
    Arbitrary<byte[]> damagedLiberation() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, 299);
        Arbitrary<Byte> value = Arbitraries.bytes();
        return position.flatMap(at -> value.list().ofMinSize(1).ofMaxSize(4).map(bytes -> {
            byte[] copy = LIBERATION.clone();
            for (int i = 0; i < bytes.size(); i++) {
                copy[(at + i) % 300] = bytes.get(i);
            }
            return copy;
        }));
    }

    private static void assertAcceptedOrRejectedClearly(byte[] content, String name) throws IOException {
        Path directory = Files.createTempDirectory("font-property");
        Path file = Files.write(directory.resolve(name), content);
        try {
            Throwable thrown = catchThrowable(() -> {
                FontChoice choice = new PdfFonts(file, List.of()).choose();
                assertThat(PDF.render(SampleReport.of("生产集群-支付", "Success"), choice)).startsWith("%PDF-".getBytes());
            });
            if (thrown != null) {
                assertThat(thrown).isInstanceOf(InvalidConfigurationException.class)
                        .hasMessageStartingWith("archiver.report.font: " + file + " ");
            }
        } finally {
            Files.delete(file);
            Files.delete(directory);
        }
    }

    private static byte[] liberation() {
        try {
            return TestFonts.liberationSans();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
