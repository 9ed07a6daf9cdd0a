package tcp.client.transport.bc;

import java.io.IOException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Locale;
import org.bouncycastle.jcajce.util.JcaJceHelper;
import org.bouncycastle.tls.SignatureScheme;
import org.bouncycastle.tls.crypto.Tls13Verifier;
import org.bouncycastle.tls.crypto.TlsCryptoUtils;
import org.bouncycastle.tls.crypto.TlsStreamSigner;
import org.bouncycastle.tls.crypto.TlsStreamVerifier;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

/**
 * BCJSSE's crypto over the JDK's JCA providers, with RSASSA-PSS made to work.
 *
 * <p><b>Why.</b> Bouncy Castle's {@link JcaTlsCrypto} (bctls 1.84) names every RSASSA-PSS
 * signature in Bouncy Castle's own spelling, {@code SHA256WITHRSAANDMGF1} and so on, and hands
 * that name to {@code JcaJceHelper.createSignature}. The JDK's providers do not know these names:
 * SunRsaSign has one algorithm, {@code RSASSA-PSS}, that takes the digest and MGF from a
 * {@link PSSParameterSpec}. So
 * <ul>
 *   <li>{@code JcaTlsCrypto.getSignatureSchemeAlgorithmParameters(int)} throws
 *       {@code NoSuchAlgorithmException} for every {@code rsa_pss_*} scheme, and BCJSSE's
 *       {@code SignatureSchemeInfo.addSignatureScheme} turns any exception from it into "scheme
 *       not enabled" ({@code catch (Exception e) { enabled = false; }}). The ClientHello then
 *       offers no {@code rsa_pss_*} scheme at all: TLS 1.3 with an RSA server certificate fails
 *       with handshake_failure, and an RSA client key finds no scheme to sign with in TLS 1.3;</li>
 *   <li>the signers and verifiers ({@code JcaTlsRSAPSSSigner}, {@code JcaTlsRSAPSSVerifier},
 *       {@code JcaTlsCertificate.createVerifier(int)}) end in {@code JcaTlsCrypto.createStreamSigner},
 *       {@code createStreamVerifier} and {@code createTls13Verifier} with the same names. Those
 *       first pick the provider that accepts the key, then ask that provider again through a
 *       {@code ProviderJcaJceHelper} of their own, so a renaming {@code JcaJceHelper} alone would
 *       not reach them.</li>
 * </ul>
 * Sources: bc-java {@code tls/src/main/java/org/bouncycastle/tls/crypto/impl/jcajce/JcaTlsCrypto.java}
 * (methods above; e.g. https://github.com/bcgit/bc-java/blob/main/tls/src/main/java/org/bouncycastle/tls/crypto/impl/jcajce/JcaTlsCrypto.java)
 * and {@code tls/src/main/java/org/bouncycastle/jsse/provider/SignatureSchemeInfo.java}
 * ({@code addSignatureScheme}); checked against the 1.84 jar with {@code javap -c}. Over a
 * {@code BouncyCastleProvider} (the {@code bc} crypto) the names exist and none of this applies.
 *
 * <p><b>Fix.</b> {@link #create(SecureRandom, SecureRandom)} makes a {@link JcaTlsCrypto} that,
 * for the PSS schemes only, uses the JDK's {@code RSASSA-PSS} with the {@code PSSParameterSpec}
 * Bouncy Castle computes anyway (digest, MGF1 with the same digest, salt length = digest length,
 * trailer 1, as TLS requires). Everything else, AES-GCM above all, is untouched: still the JDK's
 * providers through the standard lookups, nothing installed JVM-wide.
 */
final class JdkTlsCryptoProvider extends JcaTlsCryptoProvider {
    /** The JDK's (and the JCA standard) name of RSASSA-PSS, parameterised by a PSSParameterSpec. */
    static final String RSASSA_PSS = "RSASSA-PSS";
    /** The suffix of Bouncy Castle's PSS names, as in {@code SHA256WITHRSAANDMGF1}. */
    private static final String BC_PSS_SUFFIX = "WITHRSAANDMGF1";

    JdkTlsCryptoProvider() {
    }

    @Override
    public JcaTlsCrypto create(SecureRandom keyRandom, SecureRandom nonceRandom) {
        return new JdkTlsCrypto(getHelper(), getAltHelper(), keyRandom, nonceRandom);
    }

    /**
     * The JDK's name for a signature Bouncy Castle asks for: {@code RSASSA-PSS} for its PSS names
     * when parameters come with them (they always do: RSASSA-PSS cannot run without), the name
     * itself otherwise.
     */
    static String jdkName(String bcName, AlgorithmParameterSpec parameters) {
        if (parameters instanceof PSSParameterSpec && bcName.toUpperCase(Locale.ROOT).endsWith(BC_PSS_SUFFIX)) {
            return RSASSA_PSS;
        }
        return bcName;
    }

    /** The PSS parameters TLS fixes for a scheme (RFC 8446, section 4.2.3), or null if it is not PSS. */
    static PSSParameterSpec pssParameters(int signatureScheme) {
        if (!SignatureScheme.isRSAPSS(signatureScheme)) {
            return null;
        }
        int hash = SignatureScheme.getCryptoHashAlgorithm(signatureScheme);
        // The PSS schemes hash with SHA-256, SHA-384 or SHA-512: the name follows from the size.
        String digest = "SHA-" + 8 * TlsCryptoUtils.getHashOutputSize(hash);
        return new PSSParameterSpec(digest, "MGF1", new MGF1ParameterSpec(digest),
                TlsCryptoUtils.getHashOutputSize(hash), PSSParameterSpec.TRAILER_FIELD_BC);
    }

    /** {@link JcaTlsCrypto} with the PSS signatures renamed to the JDK's; see the class comment. */
    private static final class JdkTlsCrypto extends JcaTlsCrypto {
        JdkTlsCrypto(JcaJceHelper helper, JcaJceHelper altHelper, SecureRandom keyRandom, SecureRandom nonceRandom) {
            super(helper, altHelper, keyRandom, nonceRandom);
        }

        /**
         * The check that decides whether BCJSSE enables a PSS scheme (and the parameters it checks
         * against {@code jdk.tls.disabledAlgorithms}): the JDK's RSASSA-PSS with the scheme's
         * parameters, where Bouncy Castle asks for a name the JDK lacks.
         */
        @Override
        public AlgorithmParameters getSignatureSchemeAlgorithmParameters(int signatureScheme)
                throws GeneralSecurityException {
            PSSParameterSpec pss = pssParameters(signatureScheme);
            if (pss == null) {
                return super.getSignatureSchemeAlgorithmParameters(signatureScheme);
            }
            Signature signature = getHelper().createSignature(RSASSA_PSS);
            signature.setParameter(pss);
            return signature.getParameters();
        }

        @Override
        protected TlsStreamSigner createStreamSigner(JcaJceHelper helper, String algorithmName,
                AlgorithmParameterSpec parameter, PrivateKey privateKey, SecureRandom random)
                throws GeneralSecurityException {
            return super.createStreamSigner(helper, jdkName(algorithmName, parameter), parameter, privateKey, random);
        }

        @Override
        protected TlsStreamVerifier createStreamVerifier(String algorithmName, AlgorithmParameterSpec parameter,
                byte[] signature, PublicKey publicKey) throws IOException {
            return super.createStreamVerifier(jdkName(algorithmName, parameter), parameter, signature, publicKey);
        }

        @Override
        protected Tls13Verifier createTls13Verifier(String algorithmName, AlgorithmParameterSpec parameter,
                PublicKey publicKey) throws IOException {
            return super.createTls13Verifier(jdkName(algorithmName, parameter), parameter, publicKey);
        }
    }
}
