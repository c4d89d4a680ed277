package io.phalanx.sim.vc;

import io.phalanx.api.BeaconNode;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.util.Bytes;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

/** What every duty needs: the node, its request wrapper, the shares and how to sign. */
record DutyContext(BeaconNode node, NodeCalls calls, ValidatorKeys keys, SigningContext signing, Executor executor) {
  /** Signs with the share the duty is for; duties are filtered to held shares when fetched. */
  Bytes sign(AttesterDuty duty, Bytes signingRoot) {
    BlsSecretKey share = keys.shareFor(duty)
        .orElseThrow(() -> new IllegalStateException("no share for validator " + duty.validatorIndex()));
    return share.sign(signingRoot).toBytes();
  }

  /** Work per committee, in committee order: real clients ask for data once per committee. */
  static <T> Map<Long, List<T>> byCommittee(List<T> items, ToLongFunction<T> committeeIndex) {
    return items.stream().collect(
        Collectors.groupingBy(item -> committeeIndex.applyAsLong(item), TreeMap::new, Collectors.toList()));
  }
}
