package tcp.client.examples.redis;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import tcp.client.api.ClientTCP;
import tcp.client.api.TlsConfig;
import tcp.client.pool.ClientPool;

/**
 * Talks to a TLS-only redis-server through a pool of four connections: PING, SET and GET, then
 * 8 threads share the pool for 200 INCRs, and the counter reads 200.
 *
 * <pre>RedisTlsPoolExample HOST:PORT CA.pem [CLIENT-KEY.pem CLIENT-CHAIN.pem]</pre>
 *
 * The CA file is the root that signed the server's certificate; the key and chain are for a
 * server started with {@code --tls-auth-clients yes}.
 */
public final class RedisTlsPoolExample {
    static final int THREADS = 8;
    static final int INCRS = 200;
    static final String COUNTER = "tcp-client:example:counter";

    private RedisTlsPoolExample() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 && args.length != 4) {
            System.err.println("usage: RedisTlsPoolExample HOST:PORT CA.pem [CLIENT-KEY.pem CLIENT-CHAIN.pem]");
            System.exit(2);
        }
        TlsConfig.Builder tls = TlsConfig.builder().rootCaFile(Path.of(args[1]));
        if (args.length == 4) {
            tls.certificatePairFiles(Path.of(args[2]), Path.of(args[3]));
        }
        run(args[0], tls.build(), System.out);
    }

    /**
     * Runs the example against the server at {@code address}.
     *
     * @param address the server's TLS port, {@code host:port}
     * @param tls trust (and the client certificate, if the server wants one)
     * @param out where to print what happens
     * @return the counter's final value, {@link #INCRS} when every INCR was counted once
     * @throws Exception if a command or the TLS connection failed
     */
    static long run(String address, TlsConfig tls, PrintStream out) throws Exception {
        ClientPool pool = ClientPool.builder(() -> ClientTCP.builder(address).tls(tls, "").build())
                .maxSize(4)
                .borrowTimeout(Duration.ofSeconds(10))
                .idleTimeout(Duration.ofMinutes(1))
                .build();
        try (RespClient redis = new RespClient(pool)) {
            out.println("connected: " + redis.session());
            out.println("PING -> " + redis.call("PING"));
            out.println("SET tcp-client:example:greeting -> "
                    + redis.call("SET", "tcp-client:example:greeting", "hello over TLS"));
            out.println("GET tcp-client:example:greeting -> " + redis.call("GET", "tcp-client:example:greeting"));
            redis.call("DEL", COUNTER);
            ExecutorService threads = Executors.newFixedThreadPool(THREADS);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    work.add(threads.submit(() -> {
                        for (int i = 0; i < INCRS / THREADS; i++) {
                            redis.call("INCR", COUNTER);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    await(f);
                }
            } finally {
                threads.shutdownNow();
            }
            long counter = Long.parseLong((String) redis.call("GET", COUNTER));
            out.println(INCRS + " x INCR on " + THREADS + " threads -> " + counter);
            out.println("pool: " + pool.stats());
            return counter;
        }
    }

    private static void await(Future<?> f) throws IOException, InterruptedException, TimeoutException {
        try {
            f.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }
}
