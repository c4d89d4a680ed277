package io.phalanx.consensus.dkg;

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
 * Mutual TLS for the ceremony, pinned to the certificates the definition names, as the
 * partial-signature exchange pins the lock's: the server requires a pinned client certificate,
 * and a channel to node i accepts only node i's certificate. No hostname is checked; the pin
 * alone says who the peer is.
 */
final class DkgTls {
  private final PinnedPeers pinned;
  private final KeyManager keyManager;

  DkgTls(PinnedPeers pinned) {
    this.pinned = pinned;
    this.keyManager = pinned.keyManager();
  }

  ServerCredentials serverCredentials() {
    return TlsServerCredentials.newBuilder()
        .keyManager(keyManager)
        .trustManager(pinned.trustManager())
        .clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
        .build();
  }

  ChannelCredentials channelCredentials(int peer) {
    return TlsChannelCredentials.newBuilder().keyManager(keyManager).trustManager(new OnlyNode(peer)).build();
  }

  Optional<Integer> nodeIndexOf(SSLSession session) {
    if (session == null) {
      return Optional.empty();
    }
    try {
      Certificate[] chain = session.getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? pinned.nodeIndexOf(leaf) : Optional.empty();
    } catch (SSLPeerUnverifiedException e) {
      return Optional.empty();
    }
  }

  /** Accepts only the certificate the definition pins for one node. */
  private final class OnlyNode extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager any = pinned.trustManager();
    private final int node;

    OnlyNode(int node) {
      this.node = node;
    }

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
      throw new CertificateException("a channel to a peer does not accept clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("a channel to a peer does not accept clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("a channel to a peer does not accept clients");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }

    private void checkNode(X509Certificate[] chain) throws CertificateException {
      int presented = pinned.nodeIndexOf(chain[0]).orElse(-1);
      if (presented != node) {
        throw new CertificateException(
            "expected operator " + node + "'s certificate, got operator " + presented + "'s (check --peers order)");
      }
    }
  }
}
