package io.github.cceupgradearchiver.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Test data shared by features: the documented example response of the upgrade-tasks API. */
public final class Fixtures {

    private Fixtures() {
    }

    /** The API documentation's example, as the simulator serves it (classpath:simulator/example-upgrade-tasks.json). */
    public static String exampleUpgradeTasks() {
        try (InputStream in = Fixtures.class.getResourceAsStream("/simulator/example-upgrade-tasks.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
