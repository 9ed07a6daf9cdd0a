package tcp.client.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * The server of the heap measurement, run in its own JVM so that none of its memory is counted:
 * accepts connections (and completes their TLS handshakes) and holds them open without reading.
 *
 * <p>Usage: {@code HoldServer plain} or {@code HoldServer tls IDENTITY.p12}. It prints
 * {@code PORT <n>} once listening on 127.0.0.1, answers each {@code drop} line on its standard input
 * by closing every held connection and printing {@code DROPPED <count>}, each {@code echo N} line by
 * reading N bytes from every held connection and writing them back ({@code ECHOED <count>}), each
 * {@code broadcast N} line by writing N bytes to every held connection ({@code BROADCAST <count>}),
 * and exits when its standard input ends or after {@value #MAX_LIFE_MINUTES} minutes, whichever
 * comes first.
 */
public final class HoldServer {
    private static final int MAX_LIFE_MINUTES = 30;
    private static final int HANDSHAKE_THREADS = 4;
    private static final int HANDSHAKE_TIMEOUT_MS = 30_000;

    private final ServerSocket listener;
    private final Set<Socket> held = ConcurrentHashMap.newKeySet();
    private final ExecutorService handshakes = Executors.newFixedThreadPool(HANDSHAKE_THREADS, r -> {
        Thread t = new Thread(r, "hold-handshake");
        t.setDaemon(true);
        return t;
    });

    private HoldServer(SSLContext tls) throws IOException {
        ServerSocket socket = tls == null ? new ServerSocket() : tls.getServerSocketFactory().createServerSocket();
        if (socket instanceof SSLServerSocket ssl) {
            SSLParameters parameters = ssl.getSSLParameters();
            parameters.setProtocols(new String[] {LoopbackServer.PROTOCOL});
            parameters.setCipherSuites(new String[] {LoopbackServer.SUITE});
            ssl.setSSLParameters(parameters);
        }
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        this.listener = socket;
    }

    /**
     * Runs the server until its standard input ends.
     *
     * @param args {@code plain}, or {@code tls} and the PKCS#12 identity file
     */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || !(args[0].equals("plain") || args[0].equals("tls") && args.length == 2)) {
            System.err.println("usage: HoldServer plain | HoldServer tls IDENTITY.p12");
            System.exit(2);
        }
        SSLContext tls = args[0].equals("tls") ? Pki.serverContextFrom(Path.of(args[1])) : null;
        HoldServer server = new HoldServer(tls);
        Thread reaper = new Thread(() -> {
            try {
                TimeUnit.MINUTES.sleep(MAX_LIFE_MINUTES);
            } catch (InterruptedException e) {
                return;
            }
            System.err.println("HoldServer: exiting after " + MAX_LIFE_MINUTES + " minutes");
            System.exit(3);
        }, "hold-max-life");
        reaper.setDaemon(true);
        reaper.start();
        Thread acceptor = new Thread(server::acceptLoop, "hold-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.US_ASCII);
        out.println("PORT " + server.listener.getLocalPort());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        String line;
        while ((line = in.readLine()) != null) {
            String command = line.trim();
            if (command.equals("drop")) {
                out.println("DROPPED " + server.dropAll());
            } else if (command.startsWith("echo ")) {
                out.println("ECHOED " + server.echoAll(Integer.parseInt(command.substring(5).trim())));
            } else if (command.startsWith("broadcast ")) {
                out.println("BROADCAST " + server.broadcast(Integer.parseInt(command.substring(10).trim())));
            }
        }
        server.listener.close();
        server.dropAll();
        server.handshakes.shutdownNow();
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket socket;
            try {
                socket = listener.accept();
                socket.setTcpNoDelay(true);
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    System.err.println("HoldServer: accept failed: " + e);
                }
                return;
            }
            held.add(socket);
            if (socket instanceof SSLSocket ssl) {
                handshakes.execute(() -> handshake(ssl));
            }
        }
    }

    private void handshake(SSLSocket socket) {
        try {
            socket.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            socket.startHandshake();
            socket.setSoTimeout(0);
        } catch (IOException e) {
            System.err.println("HoldServer: handshake failed: " + e);
            held.remove(socket);
            close(socket);
        }
    }

    /**
     * Reads {@code size} bytes from every held connection (the clients wrote them before asking) and
     * writes them back; a connection that fails or stays silent for {@value #HANDSHAKE_TIMEOUT_MS} ms
     * is dropped and not counted.
     */
    private int echoAll(int size) {
        byte[] buffer = new byte[size];
        int count = 0;
        for (Socket s : held) {
            try {
                s.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
                new java.io.DataInputStream(s.getInputStream()).readFully(buffer);
                s.getOutputStream().write(buffer);
                s.getOutputStream().flush();
                s.setSoTimeout(0);
                count++;
            } catch (IOException e) {
                System.err.println("HoldServer: echo failed: " + e);
                held.remove(s);
                close(s);
            }
        }
        return count;
    }

    /** Writes {@code size} bytes to every held connection, one write each. */
    private int broadcast(int size) {
        byte[] message = new byte[size];
        java.util.Arrays.fill(message, (byte) 'm');
        int count = 0;
        for (Socket s : held) {
            try {
                s.getOutputStream().write(message);
                s.getOutputStream().flush();
                count++;
            } catch (IOException e) {
                System.err.println("HoldServer: broadcast failed: " + e);
            }
        }
        return count;
    }

    private int dropAll() {
        int count = 0;
        for (Socket s : held) {
            held.remove(s);
            close(s);
            count++;
        }
        return count;
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            System.err.println("HoldServer: close failed: " + e);
        }
    }
}
