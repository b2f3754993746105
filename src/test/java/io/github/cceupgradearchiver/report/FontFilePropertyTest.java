package io.github.cceupgradearchiver.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Whatever file {@code archiver.report.font} names, choosing the PDF's font either accepts it, and then a PDF is
 * written with it, or fails with a configuration error naming the key: never another exception, never a PDF that
 * fails later.
 */
class FontFilePropertyTest {

    private static final byte[] LIBERATION = liberation();
    private static final PdfReport PDF = new PdfReport(new PdfFonts(null, List.of()), new HtmlReport());

    private static final String[] NAMES = {"font.ttf", "font.ttc", "font.otf", "font"};

    // Seeded, so that a failure names the sample that reproduces it.
    @ParameterizedTest(name = "random bytes, seed {0}")
    @MethodSource("seeds300")
    void anyBytesAreAFontOrAConfigurationErrorNamingTheKey(long seed) throws IOException {
        Random random = new Random(seed);
        byte[] content = new byte[random.nextInt(2049)];
        random.nextBytes(content);
        assertAcceptedOrRejectedClearly(content, NAMES[random.nextInt(NAMES.length)]);
    }

    // each accepted font writes a PDF: fewer samples than above
    @ParameterizedTest(name = "damaged table directory, seed {0}")
    @MethodSource("seeds100")
    void aDamagedTableDirectoryIsAFontOrAConfigurationErrorNamingTheKey(long seed) throws IOException {
        assertAcceptedOrRejectedClearly(damagedLiberation(new Random(seed)), "damaged.ttf");
    }

    static Stream<Long> seeds300() {
        return IntStream.range(0, 300).mapToObj(Long::valueOf);
    }

    static Stream<Long> seeds100() {
        return IntStream.range(0, 100).mapToObj(Long::valueOf);
    }

    /** Liberation Sans with one to four bytes of its header or table directory (the first 300 bytes) overwritten. */
    private static byte[] damagedLiberation(Random random) {
        byte[] copy = LIBERATION.clone();
        int at = random.nextInt(300);
        int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            copy[(at + i) % 300] = (byte) random.nextInt(256);
        }
        return copy;
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
