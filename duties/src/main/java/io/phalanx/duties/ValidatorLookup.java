package io.phalanx.duties;

import io.phalanx.api.ApiException;
import io.phalanx.api.BeaconNode;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A validator client's look-up of its validators: it knows them by this node's share keys, the
 * beacon node by their group keys. The answer names the cluster's validators by the share keys
 * again, and teaches the node their indices.
 */
final class ValidatorLookup {
  private final ClusterView view;
  private final BeaconNode beaconNode;

  ValidatorLookup(ClusterView view, BeaconNode beaconNode) {
    this.view = view;
    this.beaconNode = beaconNode;
  }

  CompletableFuture<List<ValidatorInfo>> validators(String stateId, List<String> ids) {
    List<String> translated = new ArrayList<>();
    for (String id : ids) {
      String groupKey = id;
      if (id.startsWith("0x")) {
        try {
          groupKey = view.byOwnShareKey(Bytes.fromHex(id)).map(v -> v.groupPublicKey().toHex()).orElse(id);
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest("validator id '" + id + "' is neither an index nor a public key");
        }
      }
      translated.add(groupKey);
    }
    return beaconNode.validators(stateId, translated).thenApply(infos -> infos.stream().map(info ->
        view.byGroupKey(info.pubkey()).map(v -> {
          view.learnIndex(info.pubkey(), info.index());
          return info.withPubkey(view.ownPublicShare(v).toBytes());
        }).orElse(info)).toList());
  }
}
