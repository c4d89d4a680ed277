package io.phalanx.consensus.dkg;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.phalanx.consensus.tls.PinnedPeers;
import javax.net.ssl.KeyManager;

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

  PinnedPeers pinned() {
    return pinned;
  }
}
