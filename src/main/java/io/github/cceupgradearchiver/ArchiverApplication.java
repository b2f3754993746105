package io.github.cceupgradearchiver;

import io.github.cceupgradearchiver.cli.Cli;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ArchiverApplication {

    public static void main(String[] args) {
        System.exit(Cli.execute(args));
    }
}
