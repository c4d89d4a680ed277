package io.phalanx.consensus.dkg;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.phalanx.consensus.tls.PinnedPeers;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

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
    return TlsChannelCredentials.newBuilder().keyManager(keyManager).trustManager(pinned.onlyNode(peer)).build();
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
}
