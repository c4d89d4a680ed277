package io.phalanx.sim.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.List;

/**
 * The first line of a recording: everything needed to re-verify every recorded signature from the
 * file alone (the signing domains mix the fork version with the genesis validators root).
 *
 * @param secondsPerSlot as {@link SimulatedChainConfig#secondsPerSlot()}; {@code slotDurationMillis}
 *     is exact
 * @param validators the group public keys, by validator index
 * @param fuluForkVersion the version signatures commit to from {@code fuluForkEpoch} on; before it,
 *     {@code forkVersion} (Electra)
 */
public record RecordingHeader(
    long genesisTime,
    Bytes genesisValidatorsRoot,
    Bytes genesisForkVersion,
    Bytes forkVersion,
    long secondsPerSlot,
    long slotDurationMillis,
    long slotsPerEpoch,
    List<Bytes> validators,
    Bytes fuluForkVersion,
    long fuluForkEpoch) {
  /** The value of the header line's {@code type}, which tells it from message lines. */
  public static final String TYPE = "header";

  public RecordingHeader {
    validators = List.copyOf(validators);
  }

  /** A chain at Fulu from genesis, on {@code forkVersion}. */
  public RecordingHeader(long genesisTime, Bytes genesisValidatorsRoot, Bytes genesisForkVersion, Bytes forkVersion,
      long secondsPerSlot, long slotDurationMillis, long slotsPerEpoch, List<Bytes> validators) {
    this(genesisTime, genesisValidatorsRoot, genesisForkVersion, forkVersion, secondsPerSlot, slotDurationMillis,
        slotsPerEpoch, validators, forkVersion, 0);
  }

  /** The fork version signatures of {@code epoch} commit to. */
  public Bytes forkVersionAt(long epoch) {
    return Long.compareUnsigned(epoch, fuluForkEpoch) >= 0 ? fuluForkVersion : forkVersion;
  }

  public static RecordingHeader of(SimulatedChainConfig config) {
    return new RecordingHeader(
        config.genesisTime().getEpochSecond(),
        config.genesisValidatorsRoot(),
        config.forkVersion(),
        config.forkVersion(),
        config.secondsPerSlot(),
        config.slotDurationMillis(),
        config.slotsPerEpoch(),
        config.validators().stream().map(BlsPublicKey::toBytes).toList(),
        config.fuluForkVersion(),
        config.fuluForkEpoch());
  }

  public ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    json.put("type", TYPE);
    json.set("genesis_time", Ssz.UINT64.toJson(genesisTime));
    json.put("genesis_validators_root", genesisValidatorsRoot.toHex());
    json.put("genesis_fork_version", genesisForkVersion.toHex());
    json.put("fork_version", forkVersion.toHex());
    json.set("seconds_per_slot", Ssz.UINT64.toJson(secondsPerSlot));
    json.set("slot_duration_ms", Ssz.UINT64.toJson(slotDurationMillis));
    json.set("slots_per_epoch", Ssz.UINT64.toJson(slotsPerEpoch));
    ArrayNode keys = json.putArray("validators");
    validators.forEach(key -> keys.add(key.toHex()));
    json.put("fulu_fork_version", fuluForkVersion.toHex());
    json.set("fulu_fork_epoch", Ssz.UINT64.toJson(fuluForkEpoch));
    return json;
  }

  /**
   * Reads what {@link #toJson()} writes.
   *
   * @throws IllegalArgumentException naming what is missing or malformed
   */
  public static RecordingHeader fromJson(JsonNode json) {
    if (!TYPE.equals(Json.text(json, "type"))) {
      throw new IllegalArgumentException("not a recording header: type is " + json.get("type"));
    }
    JsonNode keys = Json.field(json, "validators");
    if (!keys.isArray()) {
      throw new IllegalArgumentException("validators must be an array");
    }
    List<Bytes> validators = new ArrayList<>();
    keys.forEach(key -> validators.add(Ssz.BYTES48.fromJson(key)));
    return new RecordingHeader(
        Ssz.UINT64.fromJson(Json.field(json, "genesis_time")),
        Ssz.BYTES32.fromJson(Json.field(json, "genesis_validators_root")),
        Ssz.BYTES4.fromJson(Json.field(json, "genesis_fork_version")),
        Ssz.BYTES4.fromJson(Json.field(json, "fork_version")),
        Ssz.UINT64.fromJson(Json.field(json, "seconds_per_slot")),
        Ssz.UINT64.fromJson(Json.field(json, "slot_duration_ms")),
        Ssz.UINT64.fromJson(Json.field(json, "slots_per_epoch")),
        validators,
        // Recordings from before fork schedules: Fulu from genesis on fork_version.
        json.has("fulu_fork_version") ? Ssz.BYTES4.fromJson(json.get("fulu_fork_version"))
            : Ssz.BYTES4.fromJson(Json.field(json, "fork_version")),
        json.has("fulu_fork_epoch") ? Ssz.UINT64.fromJson(json.get("fulu_fork_epoch")) : 0L);
  }
}
