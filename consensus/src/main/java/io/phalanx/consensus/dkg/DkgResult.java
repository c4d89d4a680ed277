package io.phalanx.consensus.dkg;

import io.phalanx.cluster.deposit.DepositDataEntry;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.spec.bls.BlsSecretKey;
import java.util.List;
import java.util.Map;

/**
 * What a ceremony produced for one node, all verified: the lock (signed by every operator), this
 * node's key share of each validator, and the deposits, whose signatures were combined from the
 * nodes' partial signatures and verify against the group keys.
 *
 * @param excludedDealers dealers whose contribution was dropped, with the reason
 */
public record DkgResult(
    int nodeIndex,
    ClusterLock lock,
    List<BlsSecretKey> shares,
    List<DepositDataEntry> deposits,
    Map<Integer, String> excludedDealers) {
  public DkgResult {
    shares = List.copyOf(shares);
    deposits = List.copyOf(deposits);
    excludedDealers = Map.copyOf(excludedDealers);
  }

  @Override
  public String toString() {
    return "DkgResult[node " + nodeIndex + ", lock " + lock.lockHash() + ", " + shares.size() + " shares]";
  }
}
