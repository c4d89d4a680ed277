package io.phalanx.consensus.parsigex;

import io.grpc.ChannelCredentials;
import io.grpc.ServerCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.TlsServerCredentials;
import io.phalanx.consensus.tls.PinnedPeers;
import javax.net.ssl.KeyManager;
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
        .trustManager(pinnedPeers.onlyNode(peerIndex))
        .build();
  }

  PinnedPeers pinned() {
    return pinnedPeers;
  }
}
