package io.github.cceupgradearchiver.cce;

import io.github.cceupgradearchiver.config.InvalidConfigurationException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * Which servers are trusted: the JDK's CAs, and in addition the CAs of {@code archiver.api.trust-store} (a PEM bundle,
 * for a TLS-inspecting proxy's private CA). Verification is never switched off, and host names are still checked
 * (OkHttp's verifier); a chain that neither set vouches for is refused.
 */
final class TrustStore {

    private final X509TrustManager trustManager;
    private final SSLContext context;

    private TrustStore(X509TrustManager trustManager) {
        this.trustManager = trustManager;
        try {
            this.context = SSLContext.getInstance("TLS");
            context.init(null, new X509TrustManager[] {trustManager}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS", e);
        }
    }

    /** The JDK's CAs, plus those of the PEM bundle when one is configured. */
    static TrustStore of(@Nullable Path pemBundle) {
        X509TrustManager jdk = trustManager(null);
        return new TrustStore(pemBundle == null ? jdk : new Either(jdk, trustManager(read(pemBundle))));
    }

    X509TrustManager trustManager() {
        return trustManager;
    }

    javax.net.ssl.SSLSocketFactory socketFactory() {
        return context.getSocketFactory();
    }

    private static KeyStore read(Path pemBundle) {
        String key = "archiver.api.trust-store";
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemBundle)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new InvalidConfigurationException(key, "cannot read " + pemBundle + ": " + e.getMessage());
        } catch (CertificateException e) {
            throw new InvalidConfigurationException(key, pemBundle + " is not a PEM bundle of X.509 certificates: "
                    + e.getMessage());
        }
        if (certificates.isEmpty()) {
            throw new InvalidConfigurationException(key, pemBundle + " holds no certificate (PEM, -----BEGIN CERTIFICATE-----)");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("trust-store-" + index++, certificate);
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot hold the certificates of " + pemBundle, e);
        }
    }

    private static X509TrustManager trustManager(@Nullable KeyStore store) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return Stream.of(factory.getTrustManagers()).filter(X509TrustManager.class::isInstance)
                    .map(X509TrustManager.class::cast).findFirst()
                    .orElseThrow(() -> new IllegalStateException("the JDK offers no X509TrustManager"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK's trust managers are unavailable", e);
        }
    }

    /** Trusts a server chain that the first or the second trusts; never one that neither does. */
    private record Either(X509TrustManager first, X509TrustManager second) implements X509TrustManager {

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("the archiver is a client only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException notByTheFirst) {
                try {
                    second.checkServerTrusted(chain, authType);
                } catch (CertificateException notBySecond) {
                    notBySecond.addSuppressed(notByTheFirst);
                    throw notBySecond;
                }
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            List<X509Certificate> issuers = new ArrayList<>(List.of(first.getAcceptedIssuers()));
            issuers.addAll(List.of(second.getAcceptedIssuers()));
            return issuers.toArray(X509Certificate[]::new);
        }
    }
}
