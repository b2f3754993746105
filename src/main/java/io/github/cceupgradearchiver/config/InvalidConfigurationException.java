package io.github.cceupgradearchiver.config;

/** A configuration mistake found after binding; the message names the key, and the command exits 2. */
public final class InvalidConfigurationException extends RuntimeException {

    public InvalidConfigurationException(String key, String problem) {
        super(key + ": " + problem);
    }
}
