package io.github.cceupgradearchiver.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * A tiny HTTP proxy on 127.0.0.1 that logs every request it is asked to make: absolute-URI requests are forwarded (one
 * request per connection), {@code CONNECT} targets are recorded and refused with 502 (tests have no network). With a
 * user and password it answers 407 to requests without the right {@code Proxy-Authorization}.
 */
public final class ForwardingProxy implements AutoCloseable {

    private final ServerSocket server;
    private final @Nullable String expectedAuthorization;
    private final List<String> forwarded = new CopyOnWriteArrayList<>();
    private final List<String> connectTargets = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    private ForwardingProxy(@Nullable String user, @Nullable String password) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.expectedAuthorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Thread acceptor = new Thread(this::accept, "forwarding-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static ForwardingProxy start() throws IOException {
        return new ForwardingProxy(null, null);
    }

    public static ForwardingProxy requiring(String user, String password) throws IOException {
        return new ForwardingProxy(user, password);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Requests forwarded, as {@code METHOD absolute-URI}. */
    public List<String> forwarded() {
        return List.copyOf(forwarded);
    }

    /** {@code host:port} of every CONNECT. */
    public List<String> connectTargets() {
        return List.copyOf(connectTargets);
    }

    /** Requests answered 407. */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread handler = new Thread(() -> handle(client), "forwarding-proxy-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            String head = readHead(in);
            String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
            String authorization = header(head, "Proxy-Authorization");
            if (expectedAuthorization != null && !expectedAuthorization.equals(authorization)) {
                refused.add(requestLine[0] + " " + requestLine[1]);
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"test\"\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                return;
            }
            if (requestLine[0].equals("CONNECT")) {
                connectTargets.add(requestLine[1]);
                out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                return;
            }
            forwarded.add(requestLine[0] + " " + requestLine[1]);
            URI target = URI.create(requestLine[1]);
            int length = Integer.parseInt(header(head, "Content-Length") == null ? "0" : header(head, "Content-Length"));
            byte[] body = in.readNBytes(length);
            StringBuilder upstreamHead = new StringBuilder(requestLine[0] + " " + target.getRawPath()
                    + (target.getRawQuery() == null ? "" : "?" + target.getRawQuery()) + " HTTP/1.1\r\n");
            for (String line : head.substring(head.indexOf("\r\n") + 2).split("\r\n")) {
                String name = line.contains(":") ? line.substring(0, line.indexOf(':')).trim().toLowerCase(Locale.ROOT) : "";
                if (!line.isEmpty() && !name.startsWith("proxy-") && !name.equals("connection")) {
                    upstreamHead.append(line).append("\r\n");
                }
            }
            upstreamHead.append("Connection: close\r\n\r\n");
            try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
                upstream.getOutputStream().write(upstreamHead.toString().getBytes(StandardCharsets.ISO_8859_1));
                upstream.getOutputStream().write(body);
                upstream.getOutputStream().flush();
                // One request per connection: the client is told so, or it would send its next request on a
                // connection this proxy has closed.
                InputStream answer = upstream.getInputStream();
                StringBuilder answerHead = new StringBuilder();
                for (String line : readHead(answer).split("\r\n")) {
                    if (!line.isEmpty() && !line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                        answerHead.append(line).append("\r\n");
                    }
                }
                out.write(answerHead.append("Connection: close\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
                answer.transferTo(out);
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        for (int b; matched < 4 && (b = in.read()) >= 0; ) {
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == '\r' ? 1 : 0;
        }
        if (matched < 4) {
            throw new IOException("incomplete request head");
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static @Nullable String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }
}
