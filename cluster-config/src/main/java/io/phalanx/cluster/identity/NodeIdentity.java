package io.phalanx.cluster.identity;

import io.phalanx.cluster.files.SafeFiles;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
 * A node's identity: an ECDSA P-256 key that signs the cluster lock and a self-signed certificate
 * over the same key that the node presents in peer TLS. Peers pin the certificate's fingerprint,
 * which the lock records, so no certificate authority is involved.
 *
 * <p>On disk, in a node's {@code identity/} folder: {@code node-key.pem} (PKCS#8, 0600) and
 * {@code node-cert.pem}.
 */
public final class NodeIdentity {
  public static final String KEY_FILE = "node-key.pem";
  public static final String CERT_FILE = "node-cert.pem";

  private static final Duration VALIDITY = Duration.ofDays(100L * 365);

  private final PrivateKey privateKey;
  private final X509Certificate certificate;
  private final IdentityPublicKey publicKey;

  private NodeIdentity(PrivateKey privateKey, X509Certificate certificate) {
    this.privateKey = privateKey;
    this.certificate = certificate;
    this.publicKey = IdentityPublicKey.of((ECPublicKey) certificate.getPublicKey());
  }

  /** A fresh identity; {@code commonName} goes into the certificate's subject, e.g. "phalanx-node-0". */
  public static NodeIdentity generate(String commonName, SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      KeyPair keyPair = generator.generateKeyPair();
      Instant now = Instant.now();
      X500Name subject = new X500Name("CN=" + commonName);
      JcaX509v3CertificateBuilder builder =
          new JcaX509v3CertificateBuilder(
              subject,
              new BigInteger(127, random).add(BigInteger.ONE),
              Date.from(now.minus(Duration.ofDays(1))),
              Date.from(now.plus(VALIDITY)),
              subject,
              keyPair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(
          Extension.subjectAlternativeName,
          false,
          new GeneralNames(new GeneralName(GeneralName.dNSName, commonName)));
      X509CertificateHolder holder =
          builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keyPair.getPrivate()));
      X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
      return new NodeIdentity(keyPair.getPrivate(), certificate);
    } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
      throw new IllegalStateException("could not generate a node identity: " + e.getMessage(), e);
    }
  }

  /** Writes {@code node-key.pem} (0600) and {@code node-cert.pem} into {@code dir}. */
  public void write(Path dir) {
    SafeFiles.createPrivateDirectory(dir);
    SafeFiles.writeSecretString(dir.resolve(KEY_FILE), pem(privateKey));
    SafeFiles.writeString(dir.resolve(CERT_FILE), pem(certificate));
  }

  /**
   * Loads an identity from {@code dir}, checking that the key and the certificate belong together.
   *
   * @throws IllegalArgumentException naming the file that is missing or wrong
   */
  public static NodeIdentity load(Path dir) {
    Path keyFile = dir.resolve(KEY_FILE);
    Path certFile = dir.resolve(CERT_FILE);
    PrivateKey key = readPem(keyFile, PrivateKeyInfo.class, info -> new JcaPEMKeyConverter().getPrivateKey(info));
    X509Certificate cert =
        readPem(certFile, X509CertificateHolder.class, h -> new JcaX509CertificateConverter().getCertificate(h));
    NodeIdentity identity = new NodeIdentity(key, cert);
    Bytes probe = Bytes.of(Sha256.hash(new byte[] {1}));
    if (!identity.publicKey.verify(probe, identity.sign(probe))) {
      throw new IllegalArgumentException(
          "identity in " + dir + ": " + KEY_FILE + " and " + CERT_FILE + " do not belong together");
    }
    return identity;
  }

  public IdentityPublicKey publicKey() {
    return publicKey;
  }

  public X509Certificate certificate() {
    return certificate;
  }

  /** For TLS: the private key behind {@link #certificate()}. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** SHA-256 of the certificate's DER encoding: what the lock pins. */
  public Bytes certificateFingerprint() {
    return fingerprint(certificate);
  }

  public static Bytes fingerprint(X509Certificate certificate) {
    try {
      return Bytes.of(Sha256.hash(certificate.getEncoded()));
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException("certificate cannot be encoded", e);
    }
  }

  /** Signs {@code message} (e.g. a lock hash): ECDSA over SHA-256, 64 bytes r||s. */
  public Bytes sign(Bytes message) {
    try {
      Signature signer = Signature.getInstance(IdentityPublicKey.SIGNATURE_ALGORITHM);
      signer.initSign(privateKey);
      signer.update(message.toArray());
      return Bytes.of(signer.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("could not sign with the node identity: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "NodeIdentity[" + publicKey + "]";
  }

  private static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      // PKCS#8 ("BEGIN PRIVATE KEY"), which TLS libraries read, rather than BouncyCastle's SEC1 default.
      writer.writeObject(object instanceof PrivateKey key ? new JcaPKCS8Generator(key, null) : object);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  private interface Converter<F, T> {
    T convert(F from) throws Exception;
  }

  private static <F, T> T readPem(Path file, Class<F> expected, Converter<F, T> converter) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("identity file missing: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
    }
    try (PEMParser parser = new PEMParser(new StringReader(text))) {
      Object object = parser.readObject();
      if (!expected.isInstance(object)) {
        throw new IllegalArgumentException(
            file + " does not hold a PEM " + (expected == PrivateKeyInfo.class ? "private key" : "certificate"));
      }
      return converter.convert(expected.cast(object));
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalArgumentException(file + " is not a valid PEM file: " + e.getMessage(), e);
    }
  }
}
