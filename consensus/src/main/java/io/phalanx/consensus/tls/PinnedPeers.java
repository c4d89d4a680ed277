package io.phalanx.consensus.tls;

import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.spec.util.Bytes;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Peer TLS without a certificate authority: each node presents its identity certificate, and a
 * peer is accepted only if its certificate's SHA-256 fingerprint is one the cluster lock pins.
 * This node's own certificate is pinned too (Raft may connect a node to itself); the exchange
 * refuses it as a sender on its own. Used on both sides of every connection (mutual TLS), for Raft and
 * for the partial-signature exchange alike.
 */
public final class PinnedPeers {
  private final NodeIdentity identity;
  private final Map<Bytes, Integer> nodeByFingerprint = new HashMap<>();

  public PinnedPeers(ClusterLock lock, NodeIdentity identity) {
    this(lock.operators(), identity);
  }

  /**
   * Pins the certificates of {@code operators}, node i at index i: those of a lock, or of a
   * cluster definition before there is a lock (the DKG ceremony).
   */
  public PinnedPeers(List<Operator> operators, NodeIdentity identity) {
    this.identity = identity;
    for (int i = 0; i < operators.size(); i++) {
      nodeByFingerprint.put(operators.get(i).certificateFingerprint(), i);
    }
  }

  /** The pinned node behind a TLS session's verified certificate; empty for none or an unpinned one. */
  public Optional<Integer> nodeIndexOf(SSLSession session) {
    if (session == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? nodeIndexOf(leaf) : Optional.empty();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }

  /** The node index whose certificate this is, if the lock pins it. */
  public Optional<Integer> nodeIndexOf(X509Certificate certificate) {
    return Optional.ofNullable(nodeByFingerprint.get(NodeIdentity.fingerprint(certificate)));
  }

  /** This node's key and certificate, for the TLS handshake. */
  public KeyManager keyManager() {
    try {
      char[] password = new char[0];
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry("identity", identity.privateKey(), password, new X509Certificate[] {identity.certificate()});
      KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(store, password);
      return factory.getKeyManagers()[0];
    } catch (Exception e) {
      throw new IllegalStateException("cannot load the node identity into TLS: " + e.getMessage(), e);
    }
  }

  /** Accepts exactly the certificates the lock pins, as client and as server. */
  public X509ExtendedTrustManager trustManager() {
    return new X509ExtendedTrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        check(chain);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        check(chain);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        check(chain);
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    };
  }

  /**
   * For a channel to one peer: accepts only the certificate pinned for node {@code nodeIndex}, so
   * that a wrong address cannot deliver node i's messages to another node, and no client.
   */
  public X509ExtendedTrustManager onlyNode(int nodeIndex) {
    X509ExtendedTrustManager any = trustManager();
    return new X509ExtendedTrustManager() {
      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        any.checkServerTrusted(chain, authType);
        checkNode(chain);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
          throws CertificateException {
        any.checkServerTrusted(chain, authType, socket);
        checkNode(chain);
      }

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
          throws CertificateException {
        any.checkServerTrusted(chain, authType, engine);
        checkNode(chain);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        refuseClient();
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
          throws CertificateException {
        refuseClient();
      }

      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
          throws CertificateException {
        refuseClient();
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }

      private void checkNode(X509Certificate[] chain) throws CertificateException {
        // The pinned check before this one has made sure the certificate is some node's.
        int presented = nodeIndexOf(chain[0]).orElse(-1);
        if (presented != nodeIndex) {
          throw new CertificateException(
              "expected node " + nodeIndex + "'s certificate, got node " + presented + "'s");
        }
      }
    };
  }

  private static void refuseClient() throws CertificateException {
    throw new CertificateException("a channel to a peer does not accept clients");
  }

  private void check(X509Certificate[] chain) throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("peer presented no certificate");
    }
    X509Certificate peer = chain[0];
    peer.checkValidity();
    Bytes fingerprint = NodeIdentity.fingerprint(peer);
    if (!nodeByFingerprint.containsKey(fingerprint)) {
      throw new CertificateException("peer certificate " + fingerprint + " is not pinned in the cluster lock");
    }
  }
}
