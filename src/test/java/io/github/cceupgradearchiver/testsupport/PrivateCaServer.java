package io.github.cceupgradearchiver.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * An HTTPS stand-in whose certificate (for 127.0.0.1) a private CA issued, made with the JDK's keytool: it terminates
 * TLS and passes the bytes on to a plain HTTP server (the simulator). {@link #caPem()} is the CA to trust.
 */
public final class PrivateCaServer implements AutoCloseable {

    private static final String PASSWORD = "changeit";

    private final SSLServerSocket server;
    private final Path caPem;

    private PrivateCaServer(Path directory, int upstreamPort) throws Exception {
        Path ca = directory.resolve("ca.p12");
        Path serverStore = directory.resolve("server.p12");
        this.caPem = directory.resolve("ca.pem");
        Path csr = directory.resolve("server.csr");
        Path signed = directory.resolve("server.pem");
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Archiver Test Private CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD, "-file", caPem.toString());
        keytool("-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-validity", "2", "-keystore", serverStore.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        keytool("-certreq", "-alias", "server", "-keystore", serverStore.toString(), "-storepass", PASSWORD, "-file", csr.toString());
        keytool("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD, "-infile", csr.toString(),
                "-outfile", signed.toString(), "-rfc", "-ext", "san=ip:127.0.0.1", "-validity", "2");
        keytool("-importcert", "-alias", "ca", "-file", caPem.toString(), "-keystore", serverStore.toString(),
                "-storepass", PASSWORD, "-noprompt");
        keytool("-importcert", "-alias", "server", "-file", signed.toString(), "-keystore", serverStore.toString(),
                "-storepass", PASSWORD, "-noprompt");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = java.nio.file.Files.newInputStream(serverStore)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), null, null);
        this.server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> accept(upstreamPort), "private-ca-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Serves, over TLS, what the plain HTTP server on 127.0.0.1:{@code upstreamPort} answers. */
    public static PrivateCaServer start(Path directory, int upstreamPort) throws Exception {
        return new PrivateCaServer(directory, upstreamPort);
    }

    public String endpoint() {
        return "https://127.0.0.1:" + server.getLocalPort();
    }

    /** The private CA's certificate, PEM. */
    public Path caPem() {
        return caPem;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept(int upstreamPort) {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread connection = new Thread(() -> relay(client, upstreamPort), "private-ca-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void relay(Socket client, int upstreamPort) {
        try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), upstreamPort)) {
            Thread back = new Thread(() -> copy(upstream, client), "private-ca-back");
            back.setDaemon(true);
            back.start();
            copy(client, upstream);
            back.join();
        } catch (IOException e) {
            // a refused handshake ends here: the client did not trust the certificate
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void copy(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            in.transferTo(out);
            to.shutdownOutput();
        } catch (IOException | UnsupportedOperationException e) {
            // one side closed
        }
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", arguments) + " failed: " + output);
        }
    }
}
