package io.phalanx.consensus.parsigex;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.phalanx.consensus.tls.PinnedPeers;
import java.net.Socket;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Mutual TLS for the exchange, pinned to the cluster lock. Both ends present the node's identity
 * certificate; the server accepts any pinned certificate and requires one, and a channel to node
 * i accepts only node i's certificate, so a misconfigured address cannot deliver node i's
 * messages to another node.
 *
 * <p>No hostnames are checked: the certificates are self-signed and name a node, not a host, and
 * a peer's address may be any IP or name; the pin alone says who the peer is. gRPC asks the TLS
 * engine for HTTPS endpoint identification, but with either provider grpc-netty-shaded may use,
 * that check is the trust manager's job: the JDK wraps a hostname check only around plain
 * X509TrustManagers, and Netty's bundled BoringSSL hands certificate verification to the trust
 * manager. {@link PinnedPeers#trustManager()} is an {@link X509ExtendedTrustManager} that decides
 * by fingerprint alone. The channel's authority is still set to the name a node's certificate
 * carries ({@code phalanx-node<i>}), for logs and for any hostname check a future provider might
 * add. The tests name their certificates otherwise, so they fail if a hostname is ever checked.
 */
final class PeerTls {
  private final PinnedPeers pinnedPeers;
  private final KeyManager keyManager;

  PeerTls(PinnedPeers pinnedPeers) {
    this.pinnedPeers = pinnedPeers;
    this.keyManager = pinnedPeers.keyManager();
  }

  static String authorityOf(int nodeIndex) {
    return "phalanx-node" + nodeIndex;
  }

  ServerCredentials serverCredentials() {
    return TlsServerCredentials.newBuilder()
        .keyManager(keyManager)
        .trustManager(pinnedPeers.trustManager())
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
  }

  ChannelCredentials channelCredentials(int peerIndex) {
    return TlsChannelCredentials.newBuilder()
        .keyManager(keyManager)
        .trustManager(new OnlyNode(pinnedPeers, peerIndex))
        .build();
  }

  /** The pinned node behind a connection's verified certificate. */
  Optional<Integer> nodeIndexOf(SSLSession session) {
    if (session == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf
          ? pinnedPeers.nodeIndexOf(leaf)
          : Optional.empty();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }

  /** Accepts only the certificate the lock pins for one node. */
  private static final class OnlyNode extends X509ExtendedTrustManager {
    private final PinnedPeers pinnedPeers;
    private final X509ExtendedTrustManager pinned;
    private final int nodeIndex;

    OnlyNode(PinnedPeers pinnedPeers, int nodeIndex) {
      this.pinnedPeers = pinnedPeers;
      this.pinned = pinnedPeers.trustManager();
      this.nodeIndex = nodeIndex;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      pinned.checkServerTrusted(chain, authType);
      checkNode(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      pinned.checkServerTrusted(chain, authType, socket);
      checkNode(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      pinned.checkServerTrusted(chain, authType, engine);
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
      int presented = pinnedPeers.nodeIndexOf(chain[0]).orElse(-1);
      if (presented != nodeIndex) {
        throw new CertificateException(
            "expected node " + nodeIndex + "'s certificate, got node " + presented + "'s");
      }
    }

    private static void refuseClient() throws CertificateException {
      throw new CertificateException("a channel to a peer does not accept clients");
    }
  }
}
