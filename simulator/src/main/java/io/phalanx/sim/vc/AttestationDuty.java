package io.phalanx.sim.vc;

import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * At 1/3 of the slot: per committee, ask the node for the attestation data (in a cluster, the
 * value the nodes decided), sign it with each share in that committee and submit the partial
 * attestations as Electra SingleAttestations.
 */
final class AttestationDuty {
  private final DutyContext context;

  AttestationDuty(DutyContext context) {
    this.context = context;
  }

  /**
   * @param dataByCommittee what each committee attested to, which the aggregation at 2/3 asks the
   *     aggregate for
   */
  record Round(Map<Long, CompletableFuture<AttestationData>> dataByCommittee, CompletableFuture<List<Outcome>> outcomes) {}

  Round run(long slot, List<AttesterDuty> duties) {
    Map<Long, CompletableFuture<AttestationData>> dataByCommittee = new HashMap<>();
    List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
    DutyContext.byCommittee(duties, AttesterDuty::committeeIndex).forEach((committee, members) -> {
      CompletableFuture<AttestationData> data = context.calls().call(
          "attestation_data", () -> context.node().attestationData(slot, committee));
      CompletableFuture<Void> published = data
          .thenApplyAsync(d -> sign(committee, members, d), context.executor())
          .thenCompose(attestations -> context.calls().call(
              "publish_attestations", () -> context.node().publishAttestations(attestations)));
      dataByCommittee.put(committee, data);
      outcomes.add(Outcome.of(published, members.size()));
    });
    return new Round(Map.copyOf(dataByCommittee), Outcome.all(outcomes));
  }

  private List<SingleAttestation> sign(long committee, List<AttesterDuty> members, AttestationData data) {
    Bytes signingRoot = context.signing().attestation(data);
    return members.stream()
        .map(duty -> new SingleAttestation(committee, duty.validatorIndex(), data, context.sign(duty, signingRoot)))
        .toList();
  }
}
