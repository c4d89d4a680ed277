package io.phalanx.duties;

import io.phalanx.api.BeaconNode;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.spec.api.ProposerPreparation;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.ExecutionAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code prepare_beacon_proposer}: the fee recipients of the cluster lock win over what a validator
 * client sends (a warning once per validator and address it sent), and the beacon node is told the
 * lock's. Validator clients know the validators' indices on chain (the validator API answers
 * lookups with them), so the indices pass through; indices of validators that are not the
 * cluster's are left out, as this cluster has no say over their fees.
 */
final class ProposerPreparations {
  private static final Logger LOG = LoggerFactory.getLogger(ProposerPreparations.class);

  private final ClusterView view;
  private final BeaconNode beaconNode;
  private final Map<Long, Bytes> warned = new ConcurrentHashMap<>();

  ProposerPreparations(ClusterView view, BeaconNode beaconNode) {
    this.view = view;
    this.beaconNode = beaconNode;
  }

  CompletableFuture<Void> prepare(List<ProposerPreparation> preparations) {
    List<ProposerPreparation> lock = new ArrayList<>();
    for (ProposerPreparation p : preparations) {
      DistributedValidator v = view.byIndex(p.validatorIndex()).orElse(null);
      if (v == null) {
        LOG.debug("prepare_beacon_proposer: validator {} is not this cluster's (or not known yet); left out",
            p.validatorIndex());
        continue;
      }
      if (!p.feeRecipient().equals(v.feeRecipient()) && !p.feeRecipient().equals(warned.put(p.validatorIndex(),
          p.feeRecipient()))) {
        LOG.warn("prepare_beacon_proposer: the validator client asked fee recipient {} for validator {} ({}); the"
            + " cluster lock's {} is used instead", ExecutionAddress.checksummed(p.feeRecipient()), p.validatorIndex(),
            v.groupPublicKey().toHex(), ExecutionAddress.checksummed(v.feeRecipient()));
      }
      lock.add(new ProposerPreparation(p.validatorIndex(), v.feeRecipient()));
    }
    return beaconNode.prepareBeaconProposer(lock);
  }
}
