package tcp.client.api.internal;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server chains one trust manager has validated, so that a client reconnecting to the same
 * server does not check the same signatures again. A chain is found again only by the exact DER
 * encoding of every certificate in it and the same key-usage type; it is used only while the time
 * now lies within every certificate's validity, which PKIX would otherwise check anew. Failures
 * are never kept. The signature that proves the server holds the leaf's key (TLS's
 * CertificateVerify) is the provider's and runs on every full handshake; the host name and the
 * certificate policy are checked on every handshake too.
 *
 * <p>Bounded: when {@link #CAPACITY} chains are held the next one clears the set, so a client
 * talking to a changing set of servers costs at most a full validation per handshake, as it would
 * without this set.
 */
final class VerifiedChains {
    static final int CAPACITY = 64;

    private final ConcurrentHashMap<Key, Validity> chains = new ConcurrentHashMap<>();

    /** The chain's key, or null when a certificate cannot be encoded (then nothing is kept). */
    static Key key(X509Certificate[] chain, String authType) {
        byte[][] encoded = new byte[chain.length][];
        try {
            for (int i = 0; i < chain.length; i++) {
                encoded[i] = chain[i].getEncoded();
            }
        } catch (CertificateEncodingException e) {
            return null;
        }
        return new Key(encoded, authType);
    }

    /** Whether {@code key}'s chain was validated and every certificate of it is valid at {@code nowMillis}. */
    boolean contains(Key key, long nowMillis) {
        Validity validity = chains.get(key);
        return validity != null && validity.covers(nowMillis);
    }

    /** Records {@code chain}, just validated under {@code key}. */
    void add(Key key, X509Certificate[] chain) {
        if (chains.size() >= CAPACITY) {
            chains.clear();
        }
        chains.put(key, Validity.of(chain));
    }

    int size() {
        return chains.size();
    }

    /** The span in which every certificate of a chain is valid, in epoch milliseconds, ends included. */
    private record Validity(long notBefore, long notAfter) {
        static Validity of(X509Certificate[] chain) {
            long from = Long.MIN_VALUE;
            long to = Long.MAX_VALUE;
            for (X509Certificate c : chain) {
                from = Math.max(from, c.getNotBefore().getTime());
                to = Math.min(to, c.getNotAfter().getTime());
            }
            return new Validity(from, to);
        }

        boolean covers(long nowMillis) {
            return nowMillis >= notBefore && nowMillis <= notAfter;
        }
    }

    /** A chain's DER encodings and the auth type it was validated for. */
    static final class Key {
        private final byte[][] encoded;
        private final String authType;
        private final int hash;

        private Key(byte[][] encoded, String authType) {
            this.encoded = encoded;
            this.authType = authType;
            this.hash = 31 * Arrays.deepHashCode(encoded) + authType.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && hash == k.hash && authType.equals(k.authType)
                    && Arrays.deepEquals(encoded, k.encoded);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}
