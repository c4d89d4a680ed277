package io.phalanx.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.phalanx.sim.chain.JsonLinesRecorder;
import io.phalanx.sim.chain.RecordedMessage;
import io.phalanx.spec.types.AttestationData;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a {@code --record} file on its own, without the simulated chain's bookkeeping, and finds
 * every pair of attestations by one validator that would get it slashed: two different votes for
 * one target epoch, or one vote surrounding another.
 */
final class SlashingCheck {
  private SlashingCheck() {}

  static List<String> violations(JsonLinesRecorder.Recording recording) {
    Map<Bytes, List<AttestationData>> votes = new HashMap<>();
    for (RecordedMessage m : recording.messages()) {
      JsonNode json = m.message();
      if (m.type().equals(RecordedMessage.ATTESTATION)) {
        votes.computeIfAbsent(m.validatorPubkey(), k -> new ArrayList<>())
            .add(SingleAttestation.SSZ.fromJson(json).data());
      } else if (m.type().equals(RecordedMessage.AGGREGATE_AND_PROOF)) {
        // The aggregator's own vote is among the aggregate's; its message signs no vote of its own.
        SignedAggregateAndProof.SSZ.fromJson(json);
      }
    }
    List<String> found = new ArrayList<>();
    votes.forEach((validator, list) -> {
      for (int i = 0; i < list.size(); i++) {
        for (int j = i + 1; j < list.size(); j++) {
          AttestationData a = list.get(i);
          AttestationData b = list.get(j);
          if (a.equals(b)) {
            continue;
          }
          boolean doubleVote = a.target().epoch() == b.target().epoch();
          boolean surround = surrounds(a, b) || surrounds(b, a);
          if (doubleVote || surround) {
            found.add(validator + ": " + (doubleVote ? "double vote" : "surround vote") + " " + a + " / " + b);
          }
        }
      }
    });
    return found;
  }

  private static boolean surrounds(AttestationData outer, AttestationData inner) {
    return outer.source().epoch() < inner.source().epoch() && inner.target().epoch() < outer.target().epoch();
  }
}
