package io.phalanx.sim.vc;

import io.phalanx.api.ValidatorInfo;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.util.Bytes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The key shares this client holds, by share public key, and the validator index the node gave
 * each. A share's index stays unknown until the node recognises the share (the validator may not
 * be active yet, or the node not up), and is asked for again each slot until then.
 */
final class ValidatorKeys {
  private final Map<Bytes, BlsSecretKey> sharesByPublicKey;
  private final Map<Bytes, Long> indexByPublicKey = new ConcurrentHashMap<>();

  ValidatorKeys(List<BlsSecretKey> shares) {
    Map<Bytes, BlsSecretKey> byKey = new LinkedHashMap<>();
    for (BlsSecretKey share : shares) {
      byKey.put(share.publicKey().toBytes(), share);
    }
    this.sharesByPublicKey = Map.copyOf(byKey);
  }

  /** The share public keys, as 0x-hex ids for the validators endpoint, whose index is unknown. */
  List<String> unresolvedIds() {
    return sharesByPublicKey.keySet().stream()
        .filter(key -> !indexByPublicKey.containsKey(key))
        .map(Bytes::toHex)
        .sorted()
        .toList();
  }

  /** Takes the indices of the validators the node named by our share keys; true if any is new. */
  boolean learn(List<ValidatorInfo> validators) {
    boolean learned = false;
    for (ValidatorInfo validator : validators) {
      if (sharesByPublicKey.containsKey(validator.pubkey())) {
        learned |= indexByPublicKey.put(validator.pubkey(), validator.index()) == null;
      }
    }
    return learned;
  }

  List<Long> indices() {
    return indexByPublicKey.values().stream().sorted().toList();
  }

  /** The share a duty is for: duties name validators by the share key the client asked with. */
  Optional<BlsSecretKey> shareFor(AttesterDuty duty) {
    return Optional.ofNullable(sharesByPublicKey.get(duty.pubkey()));
  }

  /** The share with public key {@code sharePublicKey}, as sync duties name it. */
  Optional<BlsSecretKey> shareFor(Bytes sharePublicKey) {
    return Optional.ofNullable(sharesByPublicKey.get(sharePublicKey));
  }

  int size() {
    return sharesByPublicKey.size();
  }

  /** The shares whose validator index the node named, by index. */
  Map<Long, BlsSecretKey> sharesByIndex() {
    Map<Long, BlsSecretKey> byIndex = new TreeMap<>();
    indexByPublicKey.forEach((key, index) -> byIndex.put(index, sharesByPublicKey.get(key)));
    return byIndex;
  }
}
