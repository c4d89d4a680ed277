package io.phalanx.sim.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.util.Bytes;
import java.util.Objects;
import java.util.Set;

/**
 * A signed message the simulated chain accepted, as recorded.
 *
 * @param type {@link #ATTESTATION}, {@link #AGGREGATE_AND_PROOF}, {@link #BLOCK}, {@link #VOLUNTARY_EXIT},
 *     {@link #VALIDATOR_REGISTRATION}, {@link #SYNC_COMMITTEE_MESSAGE} or {@link #CONTRIBUTION_AND_PROOF}
 * @param slot the slot of the attestation data
 * @param validatorPubkey the group public key of the validator that signed it (the aggregator for
 *     an aggregate-and-proof)
 * @param message the signed object in its beacon-API JSON form: a SingleAttestation or a
 *     SignedAggregateAndProof
 */
public record RecordedMessage(String type, long slot, Bytes validatorPubkey, JsonNode message) {
  public static final String ATTESTATION = "attestation";
  public static final String AGGREGATE_AND_PROOF = "aggregate_and_proof";
  /** A SignedVoluntaryExit; its slot is the chain's slot when it arrived. */
  public static final String VOLUNTARY_EXIT = "voluntary_exit";
  /** A SignedValidatorRegistrationV1; its slot is the chain's slot when it arrived. */
  public static final String VALIDATOR_REGISTRATION = "validator_registration";

  /** A signed block, recorded as its header. */
  public static final String BLOCK = "block";

  public static final String SYNC_COMMITTEE_MESSAGE = "sync_committee_message";
  public static final String CONTRIBUTION_AND_PROOF = "contribution_and_proof";

  private static final Set<String> TYPES = Set.of(ATTESTATION, AGGREGATE_AND_PROOF, VOLUNTARY_EXIT,
      VALIDATOR_REGISTRATION, BLOCK, SYNC_COMMITTEE_MESSAGE, CONTRIBUTION_AND_PROOF);

  public RecordedMessage {
    if (!TYPES.contains(type)) {
      throw new IllegalArgumentException("unknown recorded message type: " + type);
    }
    if (validatorPubkey.size() != 48) {
      throw new IllegalArgumentException("validator public key must be 48 bytes, got " + validatorPubkey.size());
    }
    Objects.requireNonNull(message, "message");
  }

  /** One line of a recording: {@code {"type", "slot", "pubkey", "message"}}, slot as a decimal string. */
  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("type", type);
    json.set("slot", Ssz.UINT64.toJson(slot));
    json.put("pubkey", validatorPubkey.toHex());
    json.set("message", message);
    return json;
  }

  /**
   * Reads what {@link #toJson()} writes.
   *
   * @throws IllegalArgumentException naming what is missing or malformed
   */
  public static RecordedMessage fromJson(JsonNode json) {
    return new RecordedMessage(
        Json.text(json, "type"),
        Ssz.UINT64.fromJson(Json.field(json, "slot")),
        Ssz.BYTES48.fromJson(Json.field(json, "pubkey")),
        Json.field(json, "message"));
  }
}
