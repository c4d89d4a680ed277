package io.phalanx.api.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.phalanx.api.ChainSpec;
import io.phalanx.api.SyncStatus;
import io.phalanx.api.ValidatorInfo;
import io.phalanx.api.ValidatorLiveness;
import io.phalanx.spec.api.AttesterDuty;
import io.phalanx.spec.api.BeaconCommitteeSelection;
import io.phalanx.spec.api.ProposerPreparation;
import io.phalanx.spec.api.SyncCommitteeDuty;
import io.phalanx.spec.api.SyncCommitteeSelection;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.types.SignedAggregateAndProof;
import io.phalanx.spec.types.SignedContributionAndProof;
import io.phalanx.spec.types.SignedValidatorRegistrationV1;
import io.phalanx.spec.types.SignedVoluntaryExit;
import io.phalanx.spec.types.SingleAttestation;
import io.phalanx.spec.types.SyncCommitteeMessage;
import io.phalanx.spec.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON forms of the API types in {@code io.phalanx.api} that are not consensus containers. Where a
 * part of them is a fixed schema (a validator record) it goes through an SSZ schema like the
 * consensus types, so numbers and bytes are written one way everywhere.
 */
public final class ApiCodecs {
  private ApiCodecs() {}

  /** A uint64 as a decimal string (numbers are accepted when reading). */
  public static final JsonCodec<Long> UINT64 = JsonCodec.of(Ssz.UINT64);

  /** The request body of {@code POST /eth/v1/validator/duties/attester/{epoch}}. */
  public static final JsonCodec<List<Long>> VALIDATOR_INDICES = UINT64.list();

  public static final JsonCodec<List<AttesterDuty>> ATTESTER_DUTIES = JsonCodec.of(AttesterDuty.SSZ).list();
  public static final JsonCodec<List<SingleAttestation>> SINGLE_ATTESTATIONS =
      JsonCodec.of(SingleAttestation.SSZ).list();
  public static final JsonCodec<List<SignedAggregateAndProof>> AGGREGATE_AND_PROOFS =
      JsonCodec.of(SignedAggregateAndProof.SSZ).list();
  public static final JsonCodec<List<BeaconCommitteeSelection>> BEACON_COMMITTEE_SELECTIONS =
      JsonCodec.of(BeaconCommitteeSelection.SSZ).list();

  /** The request body of {@code POST /eth/v1/validator/register_validator}. */
  public static final JsonCodec<List<SignedValidatorRegistrationV1>> VALIDATOR_REGISTRATIONS =
      JsonCodec.of(SignedValidatorRegistrationV1.SSZ).list();
  /** The request body of {@code POST /eth/v1/validator/prepare_beacon_proposer}. */
  public static final JsonCodec<List<ProposerPreparation>> PROPOSER_PREPARATIONS =
      JsonCodec.of(ProposerPreparation.SSZ).list();
  /** The request body of {@code POST /eth/v1/beacon/pool/voluntary_exits}. */
  public static final JsonCodec<SignedVoluntaryExit> VOLUNTARY_EXIT =
      JsonCodec.of(SignedVoluntaryExit.SSZ);

  public static final JsonCodec<List<SyncCommitteeDuty>> SYNC_DUTIES = JsonCodec.of(SyncCommitteeDuty.SSZ).list();
  public static final JsonCodec<List<SyncCommitteeMessage>> SYNC_COMMITTEE_MESSAGES =
      JsonCodec.of(SyncCommitteeMessage.SSZ).list();
  public static final JsonCodec<List<SyncCommitteeSelection>> SYNC_COMMITTEE_SELECTIONS =
      JsonCodec.of(SyncCommitteeSelection.SSZ).list();
  public static final JsonCodec<List<SignedContributionAndProof>> CONTRIBUTION_AND_PROOFS =
      JsonCodec.of(SignedContributionAndProof.SSZ).list();

  /** {@code /eth/v1/beacon/states/{state_id}/validators}'s ValidatorResponse. */
  public static final JsonCodec<ValidatorInfo> VALIDATOR_INFO = new JsonCodec<>() {
    @Override
    public JsonNode toJson(ValidatorInfo v) {
      ObjectNode json = ApiJson.object();
      json.set("index", UINT64.toJson(v.index()));
      json.set("balance", UINT64.toJson(v.balance()));
      json.put("status", v.status());
      json.set("validator", ValidatorRecord.SSZ.toJson(ValidatorRecord.of(v)));
      return json;
    }

    @Override
    public ValidatorInfo fromJson(JsonNode json) {
      ApiJson.requireObject(json, "ValidatorResponse");
      long index = field(json, "index", UINT64);
      long balance = field(json, "balance", UINT64);
      JsonNode status = ApiJson.member(json, "status");
      if (!status.isTextual()) {
        throw new IllegalArgumentException("status: expected a string, got " + ApiJson.describe(status));
      }
      ValidatorRecord r = ValidatorRecord.SSZ.fromJson(ApiJson.member(json, "validator"));
      return new ValidatorInfo(index, balance, status.textValue(), r.pubkey(), r.withdrawalCredentials(),
          r.effectiveBalance(), r.slashed(), r.activationEligibilityEpoch(), r.activationEpoch(), r.exitEpoch(),
          r.withdrawableEpoch());
    }
  };

  /**
   * {@code GET /eth/v1/node/syncing}'s {@code data}. Reading takes a missing {@code is_optimistic}
   * or {@code el_offline} as false: beacon nodes from before those fields existed are still met.
   */
  public static final JsonCodec<SyncStatus> SYNC_STATUS = new JsonCodec<>() {
    @Override
    public JsonNode toJson(SyncStatus s) {
      ObjectNode json = ApiJson.object();
      json.set("head_slot", UINT64.toJson(s.headSlot()));
      json.set("sync_distance", UINT64.toJson(s.syncDistance()));
      json.put("is_syncing", s.isSyncing());
      json.put("is_optimistic", s.isOptimistic());
      json.put("el_offline", s.elOffline());
      return json;
    }

    @Override
    public SyncStatus fromJson(JsonNode json) {
      ApiJson.requireObject(json, "SyncingStatus");
      return new SyncStatus(
          field(json, "head_slot", UINT64),
          field(json, "sync_distance", UINT64),
          flag(json, "is_syncing", true),
          flag(json, "is_optimistic", false),
          flag(json, "el_offline", false));
    }
  };

  /**
   * {@code GET /eth/v1/config/spec}'s {@code data}. Every value is kept: strings as they are, other
   * JSON values (e.g. BLOB_SCHEDULE's array) as their JSON text, which {@code toJson} turns back.
   */
  public static final JsonCodec<ChainSpec> CHAIN_SPEC = new JsonCodec<>() {
    @Override
    public JsonNode toJson(ChainSpec spec) {
      ObjectNode json = ApiJson.object();
      spec.values().entrySet().stream()
          .sorted(Map.Entry.comparingByKey())
          .forEach(e -> json.set(e.getKey(), specValue(e.getValue())));
      return json;
    }

    @Override
    public ChainSpec fromJson(JsonNode json) {
      ApiJson.requireObject(json, "spec");
      Map<String, String> values = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : json.properties()) {
        values.put(e.getKey(), e.getValue().isTextual() ? e.getValue().textValue() : e.getValue().toString());
      }
      long secondsPerSlot;
      if (json.has("SECONDS_PER_SLOT")) {
        secondsPerSlot = field(json, "SECONDS_PER_SLOT", UINT64);
      } else if (json.has(ChainSpec.SLOT_DURATION_MS)) {
        secondsPerSlot = field(json, ChainSpec.SLOT_DURATION_MS, UINT64) / 1000;
      } else {
        throw new IllegalArgumentException("missing field SECONDS_PER_SLOT");
      }
      return new ChainSpec(secondsPerSlot, field(json, "SLOTS_PER_EPOCH", UINT64), values);
    }
  };

  public static final JsonCodec<List<ValidatorInfo>> VALIDATORS = VALIDATOR_INFO.list();

  /** One element of {@code POST /eth/v1/validator/liveness/{epoch}}'s {@code data}. */
  public static final JsonCodec<ValidatorLiveness> VALIDATOR_LIVENESS = new JsonCodec<>() {
    @Override
    public JsonNode toJson(ValidatorLiveness v) {
      ObjectNode json = ApiJson.object();
      json.set("index", UINT64.toJson(v.index()));
      json.put("is_live", v.isLive());
      return json;
    }

    @Override
    public ValidatorLiveness fromJson(JsonNode json) {
      ApiJson.requireObject(json, "liveness");
      return new ValidatorLiveness(field(json, "index", UINT64), flag(json, "is_live", true));
    }
  };

  public static final JsonCodec<List<ValidatorLiveness>> LIVENESS = VALIDATOR_LIVENESS.list();

  private static JsonNode specValue(String value) {
    if (value.startsWith("[") || value.startsWith("{")) {
      try {
        return ApiJson.parse(value.getBytes(StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // not JSON after all: a string that happens to start with a bracket
      }
    }
    return TextNode.valueOf(value);
  }

  /** Reads a member with {@code codec}, prefixing errors with the member's name. */
  public static <T> T field(JsonNode object, String name, JsonCodec<T> codec) {
    try {
      return codec.fromJson(ApiJson.member(object, name));
    } catch (IllegalArgumentException e) {
      String message = e.getMessage();
      throw new IllegalArgumentException(message.startsWith("missing field") ? message : name + ": " + message, e);
    }
  }

  private static boolean flag(JsonNode json, String name, boolean required) {
    JsonNode value = json.get(name);
    if (value == null && !required) {
      return false;
    }
    if (value == null || !value.isBoolean()) {
      throw new IllegalArgumentException(name + ": expected a boolean, got " + ApiJson.describe(value));
    }
    return value.booleanValue();
  }

  /** The consensus Validator record as ValidatorResponse nests it under "validator". */
  private record ValidatorRecord(
      Bytes pubkey,
      Bytes withdrawalCredentials,
      long effectiveBalance,
      boolean slashed,
      long activationEligibilityEpoch,
      long activationEpoch,
      long exitEpoch,
      long withdrawableEpoch) {
    static final SszContainer<ValidatorRecord> SSZ =
        SszContainer.builder(ValidatorRecord.class)
            .field("pubkey", Ssz.BYTES48, ValidatorRecord::pubkey)
            .field("withdrawal_credentials", Ssz.BYTES32, ValidatorRecord::withdrawalCredentials)
            .field("effective_balance", Ssz.UINT64, ValidatorRecord::effectiveBalance)
            .field("slashed", Ssz.BOOLEAN, ValidatorRecord::slashed)
            .field("activation_eligibility_epoch", Ssz.UINT64, ValidatorRecord::activationEligibilityEpoch)
            .field("activation_epoch", Ssz.UINT64, ValidatorRecord::activationEpoch)
            .field("exit_epoch", Ssz.UINT64, ValidatorRecord::exitEpoch)
            .field("withdrawable_epoch", Ssz.UINT64, ValidatorRecord::withdrawableEpoch)
            .build(v -> new ValidatorRecord(v.next(), v.next(), v.next(), v.next(), v.next(), v.next(), v.next(),
                v.next()));

    static ValidatorRecord of(ValidatorInfo v) {
      return new ValidatorRecord(v.pubkey(), v.withdrawalCredentials(), v.effectiveBalance(), v.slashed(),
          v.activationEligibilityEpoch(), v.activationEpoch(), v.exitEpoch(), v.withdrawableEpoch());
    }
  }
}
