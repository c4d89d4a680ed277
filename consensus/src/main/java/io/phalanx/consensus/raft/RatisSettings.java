package io.phalanx.consensus.raft;

import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.consensus.tls.PinnedPeers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.thirdparty.io.netty.handler.ssl.SslProvider;
import org.apache.ratis.util.ExitUtils;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * How {@link RaftConsensus} sets up Ratis for a node: the group and peer ids every node derives
 * alike, the server and client properties, mutual TLS pinned to the lock, and the check that the
 * Raft address can be bound before Ratis tries.
 */
final class RatisSettings {
  /** Beyond a command's value: its key, its signers (at most 65,536 indices of 8 bytes) and Ratis' framing. */
  static final int MAX_ENTRY_OVERHEAD_BYTES = 1 << 20;

  private RatisSettings() {}

  /**
   * The group id, the same on every node: derived from the lock hash, from the decided window and
   * the slashing history's window, because nodes that prune differently would decide differently;
   * such nodes must not form a group. (v2: log entries carry a kind byte and signers.)
   */
  static RaftGroupId groupId(RaftConsensusConfig config) {
    return groupId(config.lock(), config.decidedWindowSlots(), config.slashing());
  }

  static RaftGroupId groupId(ClusterLock lock, long decidedWindowSlots, SlashingConfig slashing) {
    String name = "phalanx-raft/v2/" + lock.lockHash().toHex() + "/window/" + decidedWindowSlots
        + "/slashing-history/" + slashing.historyEpochs() + "x" + slashing.slotsPerEpoch();
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
  }

  static RaftPeerId peerId(int nodeIndex) {
    return RaftPeerId.valueOf("node-" + nodeIndex);
  }

  /**
   * A port that is taken fails the start with a message naming the address. Ratis would end the
   * whole JVM when its gRPC server cannot bind (its only such exit); with that turned off it
   * throws instead, which the start reports the same way, so a port taken in between the check
   * and the bind fails this node's start, not the process.
   */
  static void requireBindable(RaftConsensusConfig config) {
    ExitUtils.disableSystemExit();
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(config.bindAddress());
    } catch (IOException e) {
      throw new UncheckedIOException("the Raft address of node " + config.nodeIndex() + ", "
          + hostPort(config.bindAddress()) + ", cannot be bound (in use by another process?): " + e.getMessage(), e);
    }
  }

  static RaftProperties properties(RaftConsensusConfig config) {
    RaftProperties p = new RaftProperties();
    RaftServerConfigKeys.setStorageDir(p, List.of(config.raftDir().toFile()));
    GrpcConfigKeys.Server.setHost(p, config.bindAddress().getHostString());
    GrpcConfigKeys.Server.setPort(p, config.bindAddress().getPort());
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, millis(config.electionTimeoutMin()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, millis(config.electionTimeoutMax()));
    // Server-to-server calls (append, vote) must outlast an election timeout, or a slow but live
    // peer looks dead.
    Duration serverRpc = max(Duration.ofSeconds(3), config.electionTimeoutMax().multipliedBy(4));
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, millis(serverRpc));
    RaftClientConfigKeys.Rpc.setRequestTimeout(p, millis(config.requestTimeout()));
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, config.snapshotEveryEntries());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, 2);
    // The log before a snapshot is dropped even when a node is down: the snapshot holds all that
    // still matters (older slots are pruned anyway), and the leader sends it to a node that comes
    // back too far behind. Smaller segments than Ratis's 32 MB let that happen in step with the
    // snapshots.
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(Integer.MAX_VALUE, config.snapshotEveryEntries()));
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf("4MB"));
    RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf("1MB"));
    // Ratis refuses an entry larger than the appender's buffer (4 MB by default); a block with its
    // blobs is one entry of up to DutyCommand.MAX_VALUE_BYTES, plus its key and signers.
    SizeInBytes entry = SizeInBytes.valueOf(DutyCommand.MAX_VALUE_BYTES + MAX_ENTRY_OVERHEAD_BYTES);
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, entry);
    // Ratis writes an entry through one (off-heap) buffer, which must hold the largest entry.
    RaftServerConfigKeys.Log.setWriteBufferSize(p, SizeInBytes.valueOf(entry.getSize() + 8));
    return p;
  }

  /**
   * Mutual TLS on every Ratis channel (client, admin, server-to-server): each node presents its
   * identity certificate and accepts only certificates the lock pins. The JDK's TLS rather than
   * the bundled OpenSSL, because the key and trust managers are the JDK's own.
   */
  static Parameters tlsParameters(PinnedPeers pinned) {
    GrpcTlsConfig tls = GrpcTlsConfig.newBuilder()
        .setKeyManager(pinned.keyManager())
        .setTrustManager(pinned.trustManager())
        .setMutualTls(true)
        .setSslProvider(SslProvider.JDK)
        .build();
    Parameters parameters = new Parameters();
    GrpcConfigKeys.TLS.setConf(parameters, tls);
    GrpcConfigKeys.Admin.setTlsConf(parameters, tls);
    GrpcConfigKeys.Client.setTlsConf(parameters, tls);
    GrpcConfigKeys.Server.setTlsConf(parameters, tls);
    return parameters;
  }

  static String hostPort(InetSocketAddress address) {
    return address.getHostString() + ":" + address.getPort();
  }

  private static TimeDuration millis(Duration d) {
    return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
