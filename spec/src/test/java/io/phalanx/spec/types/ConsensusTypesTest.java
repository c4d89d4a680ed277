package io.phalanx.spec.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.phalanx.spec.ssz.Bitfield;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What the ssz_static vectors do not cover: builder types, record checks, fork names. */
class ConsensusTypesTest {
  private static final ValidatorRegistrationV1 REGISTRATION =
      new ValidatorRegistrationV1(
          Bytes.fromHex("0x" + "11".repeat(20)),
          30_000_000,
          1_700_000_000,
          Bytes.fromHex("0x" + "22".repeat(48)));

  /** Roots computed independently from the builder-specs field order with a Python merkleizer. */
  @Test
  void validatorRegistrationRootAndJson() throws Exception {
    assertEquals(
        Bytes.fromHex("0xe82692d622aaafbedfd0ab83643229e5ca791ff80c1429f73e2ba547e82c4e00"),
        ValidatorRegistrationV1.SSZ.hashTreeRoot(REGISTRATION));
    SignedValidatorRegistrationV1 signed =
        new SignedValidatorRegistrationV1(REGISTRATION, Bytes.fromHex("0x" + "33".repeat(96)));
    assertEquals(
        Bytes.fromHex("0xa55c68cb2120e7186f0435480503be4bef7c165145c0f09e2ac03e8af478e418"),
        SignedValidatorRegistrationV1.SSZ.hashTreeRoot(signed));

    // The beacon API's registerValidator body, field for field.
    String json =
        """
        {"fee_recipient": "0x%s", "gas_limit": "30000000", "timestamp": "1700000000",
         "pubkey": "0x%s"}
        """
            .formatted("11".repeat(20), "22".repeat(48));
    assertEquals(
        new ObjectMapper().readTree(json), ValidatorRegistrationV1.SSZ.toJson(REGISTRATION));
    assertEquals(
        REGISTRATION, ValidatorRegistrationV1.SSZ.fromJson(new ObjectMapper().readTree(json)));
    assertEquals(
        signed,
        SignedValidatorRegistrationV1.SSZ.deserialize(
            SignedValidatorRegistrationV1.SSZ.serialize(signed)));
  }

  @Test
  void recordsRejectWrongLengths() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new SignedVoluntaryExit(new VoluntaryExit(1, 2), Bytes.zero(95)));
    assertEquals("signature must be 96 bytes, got 95", e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> new ValidatorRegistrationV1(Bytes.zero(32), 1, 1, Bytes.zero(48)));
    assertThrows(NullPointerException.class, () -> new Checkpoint(1, null));
  }

  @Test
  void recordsRejectOverfullListsAndWrongBitvectorSizes() {
    AttestationData data = attestationData();
    assertThrows(
        IllegalArgumentException.class,
        () -> new Attestation(Bitfield.zeros(1), data, Bytes.zero(96), Bitfield.zeros(63)));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new Attestation(
                Bitfield.zeros(MainnetPreset.MAX_ATTESTERS_PER_SLOT + 1),
                data,
                Bytes.zero(96),
                Bitfield.zeros(64)));
    ConsolidationRequest consolidation =
        new ConsolidationRequest(Bytes.zero(20), Bytes.zero(48), Bytes.zero(48));
    List<ConsolidationRequest> three = List.of(consolidation, consolidation, consolidation);
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new ExecutionRequests(List.of(), List.of(), three));
    assertEquals("consolidations holds at most 2, got 3", e.getMessage());
  }

  @Test
  void recordListsAreImmutableCopies() {
    List<Long> indices = new ArrayList<>(List.of(1L, 2L));
    IndexedAttestation attestation =
        new IndexedAttestation(
            indices,
            attestationData(),
            Bytes.zero(96));
    indices.add(3L);
    assertEquals(List.of(1L, 2L), attestation.attestingIndices());
    assertThrows(
        UnsupportedOperationException.class, () -> attestation.attestingIndices().add(4L));
  }

  private static AttestationData attestationData() {
    return new AttestationData(
        1, 0, Bytes.zero(32), new Checkpoint(0, Bytes.zero(32)), new Checkpoint(1, Bytes.zero(32)));
  }

  @Test
  void consensusVersionsByApiName() {
    assertEquals(Optional.of(ConsensusVersion.FULU), ConsensusVersion.fromApiName("fulu"));
    assertEquals(Optional.of(ConsensusVersion.ELECTRA), ConsensusVersion.fromApiName("electra"));
    assertEquals(Optional.empty(), ConsensusVersion.fromApiName("Fulu"));
    assertSame(
        ConsensusVersion.ELECTRA.signedBeaconBlockSchema(),
        ConsensusVersion.FULU.signedBeaconBlockSchema());
  }
}
