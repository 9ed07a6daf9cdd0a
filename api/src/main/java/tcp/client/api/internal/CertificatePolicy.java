package tcp.client.api.internal;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Refuses weak server certificates that PKIX validation lets through, identically on every
 * transport.
 *
 * <p>Why: PKIX only checks that a chain is well signed and in date. The JDK's default
 * {@code jdk.certpath.disabledAlgorithms} still accepts RSA-1024 and SHA-1 for private CAs
 * ({@code SHA1 jdkCA} only covers the JDK's own roots), Bouncy Castle ignores parts of that
 * property, and Conscrypt has its own list. Checking the chain once more here, after a transport's
 * trust manager has accepted it, makes all transports refuse the same certificates
 * (it-tests/CONFORMANCE.md, CS-130, CS-131, CS-132).
 *
 * <p>Rules, for every certificate but a self-signed last one (a trust anchor the user chose; its
 * self-signature proves nothing and its key is the user's decision): RSA and DSA keys of at least
 * 2048 bits, EC keys of at least 256 bits, no MD2, MD4, MD5 or SHA-1 signature (RSASSA-PSS
 * included). For the leaf (the first certificate), also when it is the only one: an extended key
 * usage, when present, must allow {@code serverAuth} or {@code anyExtendedKeyUsage}, and a key
 * usage, when present, must allow {@code digitalSignature} or {@code keyEncipherment}.
 *
 * <p>Stateless and thread-safe.
 */
public final class CertificatePolicy {
    /** Smallest accepted RSA and DSA modulus, as NIST SP 800-131A and the CA/B Forum require. */
    static final int MIN_RSA_BITS = 2048;
    /** Smallest accepted EC field size. */
    static final int MIN_EC_BITS = 256;

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String ANY_EXTENDED_KEY_USAGE = "2.5.29.37.0";
    private static final String RSASSA_PSS = "1.2.840.113549.1.1.10";
    private static final String SHA1 = "1.3.14.3.2.26";

    /** Signature algorithm OIDs built on a broken hash, for providers with unusual names. */
    private static final Set<String> WEAK_SIGNATURE_OIDS = Set.of(
            "1.2.840.113549.1.1.2", // md2WithRSAEncryption
            "1.2.840.113549.1.1.3", // md4WithRSAEncryption
            "1.2.840.113549.1.1.4", // md5WithRSAEncryption
            "1.2.840.113549.1.1.5", // sha1WithRSAEncryption
            "1.3.14.3.2.29", // sha1WithRSA (OIW)
            "1.2.840.10040.4.3", // dsa-with-sha1
            "1.2.840.10045.4.1"); // ecdsa-with-SHA1

    private CertificatePolicy() {
    }

    /**
     * Checks a server chain that PKIX validation has already accepted.
     *
     * @param chain the chain as the peer sent it, leaf first
     * @throws CertificateException naming the certificate subject and the rule it breaks, or when
     *     the chain is empty
     * @throws NullPointerException if {@code chain} or an element is null
     */
    public static void check(X509Certificate[] chain) throws CertificateException {
        Objects.requireNonNull(chain, "chain");
        if (chain.length == 0) {
            throw new CertificateException("the server sent no certificate");
        }
        for (int i = 0; i < chain.length; i++) {
            X509Certificate cert = Objects.requireNonNull(chain[i], "chain element");
            boolean anchor = i == chain.length - 1 && isSelfSigned(cert);
            if (!anchor) {
                checkSignature(cert);
            }
            if (!anchor || i == 0) {
                checkKey(cert);
            }
        }
        checkLeafUsage(chain[0]);
    }

    private static boolean isSelfSigned(X509Certificate cert) {
        if (!cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
            return false;
        }
        try {
            cert.verify(cert.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            // Same name as its issuer but not signed by its own key: an intermediate, check it.
            return false;
        }
    }

    private static void checkKey(X509Certificate cert) throws CertificateException {
        PublicKey key = cert.getPublicKey();
        if (key instanceof RSAKey) {
            int bits = ((RSAKey) key).getModulus().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw reject(cert, "RSA key of " + bits + " bits is below the minimum of " + MIN_RSA_BITS);
            }
        } else if (key instanceof DSAKey) {
            int bits = ((DSAKey) key).getParams().getP().bitLength();
            if (bits < MIN_RSA_BITS) {
                throw reject(cert, "DSA key of " + bits + " bits is below the minimum of " + MIN_RSA_BITS);
            }
        } else if (key instanceof ECKey) {
            int bits = ((ECKey) key).getParams().getCurve().getField().getFieldSize();
            if (bits < MIN_EC_BITS) {
                throw reject(cert, "EC key of " + bits + " bits is below the minimum of " + MIN_EC_BITS);
            }
        }
        // EdDSA keys (Ed25519, Ed448) have fixed, strong sizes.
    }

    private static void checkSignature(X509Certificate cert) throws CertificateException {
        String name = cert.getSigAlgName() == null ? "" : cert.getSigAlgName();
        String oid = cert.getSigAlgOID() == null ? "" : cert.getSigAlgOID();
        String flat = name.toUpperCase(Locale.ROOT).replace("-", "");
        if (WEAK_SIGNATURE_OIDS.contains(oid) || flat.contains("MD2") || flat.contains("MD4")
                || flat.contains("MD5") || flat.contains("SHA1")) {
            throw reject(cert, "signed with " + name + " (" + oid + "); MD2, MD4, MD5 and SHA-1 are refused");
        }
        if (RSASSA_PSS.equals(oid) || flat.equals("RSASSAPSS")) {
            String hash = pssHash(cert);
            if (SHA1.equals(hash)) {
                throw reject(cert, "signed with RSASSA-PSS over SHA-1; MD2, MD4, MD5 and SHA-1 are refused");
            }
        }
    }

    /** The hash OID of RSASSA-PSS parameters; absent parameters or hash mean SHA-1 (RFC 4055). */
    private static String pssHash(X509Certificate cert) throws CertificateException {
        byte[] params = cert.getSigAlgParams();
        if (params == null) {
            return SHA1;
        }
        try {
            List<Der.Element> fields = Der.parse(params).sequence();
            for (Der.Element field : fields) {
                if (field.isContext(0)) {
                    return field.children().get(0).sequence().get(0).oid();
                }
            }
            return SHA1;
        } catch (Der.DerException | IndexOutOfBoundsException e) {
            throw reject(cert, "unreadable RSASSA-PSS parameters: " + e.getMessage());
        }
    }

    private static void checkLeafUsage(X509Certificate leaf) throws CertificateException {
        List<String> eku = leaf.getExtendedKeyUsage();
        if (eku != null && !eku.contains(SERVER_AUTH) && !eku.contains(ANY_EXTENDED_KEY_USAGE)) {
            throw reject(leaf, "its extended key usage " + eku
                    + " does not include serverAuth (" + SERVER_AUTH + ")");
        }
        boolean[] ku = leaf.getKeyUsage();
        if (ku != null) {
            boolean digitalSignature = ku.length > 0 && ku[0];
            boolean keyEncipherment = ku.length > 2 && ku[2];
            if (!digitalSignature && !keyEncipherment) {
                throw reject(leaf, "its key usage allows neither digitalSignature nor keyEncipherment");
            }
        }
    }

    private static CertificateException reject(X509Certificate cert, String why) {
        return new CertificateException("certificate \"" + cert.getSubjectX500Principal().getName()
                + "\" refused: " + why);
    }
}
