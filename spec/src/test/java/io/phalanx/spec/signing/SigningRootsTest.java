package io.phalanx.spec.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.types.DepositData;
import io.phalanx.spec.types.DepositMessage;
import io.phalanx.spec.types.Fork;
import io.phalanx.spec.types.SyncAggregatorSelectionData;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import supranational.blst.BLST_ERROR;
import supranational.blst.P1_Affine;
import supranational.blst.P2_Affine;

class SigningRootsTest {
  private static final Bytes MAINNET_GENESIS_FORK_VERSION = Bytes.fromHex("0x00000000");

  /**
   * The spec's definition worked by hand: the fork data root of version 0x00000000 and a zero root
   * is sha256(32 zero bytes + 32 zero bytes) = f5a5fd42...; the domain is DOMAIN_DEPOSIT followed
   * by its first 28 bytes.
   */
  @Test
  void mainnetDepositDomain() {
    Bytes forkDataRoot = Bytes.of(Sha256.hash(new byte[32], new byte[32]));
    assertEquals(
        Bytes.fromHex("0xf5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a92759fb4b"),
        forkDataRoot);
    assertEquals(
        forkDataRoot,
        SigningRoots.computeForkDataRoot(MAINNET_GENESIS_FORK_VERSION, Bytes.zero(32)));
    assertEquals(
        Bytes.fromHex("0x03000000f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a9"),
        SigningRoots.depositDomain(MAINNET_GENESIS_FORK_VERSION));
  }

  /** The builder domains relays and MEV-boost hard-code for each network. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "mainnet, 0x00000000, 0x00000001f5a5fd42d16a20302798ef6ed309979b43003d2320d9f0e8ea9831a9",
    "sepolia, 0x90000069, 0x00000001d3010778cd08ee514b08fe67b6c503b510987a4ce43f42306d97c67c",
    "holesky, 0x01017000, 0x000000015b83a23759c560b2d0c64576e1dcfc34ea94c4988f3e0d9f77f05387",
  })
  void builderDomain(String network, String genesisForkVersion, String domain) {
    assertEquals(
        Bytes.fromHex(domain), SigningRoots.builderDomain(Bytes.fromHex(genesisForkVersion)));
  }

  /**
   * A deposit made by the official staking-deposit-cli 2.7.0 for a custom network with genesis
   * fork version 0x20000089: its message and data roots match, and its BLS signature verifies over
   * the signing root computed here, which checks the deposit domain and compute_signing_root end
   * to end.
   */
  @Test
  void depositCliSignatureVerifiesOverOurSigningRoot() {
    DepositMessage message =
        new DepositMessage(
            Bytes.fromHex(
                "0x98db81971df910a5d46314d21320f897060d76fdf137d22f0eb91a8693a4767d"
                    + "2a22730a3aaa955f07d13ad604f968e9"),
            Bytes.fromHex("0x010000000000000000000000468c15d616b52fcef0b932bf89d42157984be2a5"),
            32_000_000_000L);
    Bytes signature =
        Bytes.fromHex(
            "0xa20d736d6807720cb2a2f48526eb3df83162b387b806bdf7d0d08bb31d3d4e4d"
                + "aaf4a11120dc194b188035e9e5c9bdbf00c3be3ca68adec9c4fb2fb59d936337"
                + "b750ae08a9e7add56fb82526792876066456010a64c5629b7f1f564f9923ff8e");
    assertEquals(
        Bytes.fromHex("0x2304faca7c177b307c224757df6e8a955026c613c86045ea569ba5547f8d104c"),
        DepositMessage.SSZ.hashTreeRoot(message));
    DepositData data =
        new DepositData(
            message.pubkey(), message.withdrawalCredentials(), message.amount(), signature);
    assertEquals(
        Bytes.fromHex("0xe6260302845906138ebe075e9977e6086f02fc1c5142590bebdf54579c806bd3"),
        DepositData.SSZ.hashTreeRoot(data));

    Bytes signingRoot = SigningRoots.depositSigningRoot(message, Bytes.fromHex("0x20000089"));
    BLST_ERROR result =
        new P2_Affine(signature.toArray())
            .core_verify(
                new P1_Affine(message.pubkey().toArray()),
                true,
                signingRoot.toArray(),
                "BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_");
    assertEquals(BLST_ERROR.BLST_SUCCESS, result);
  }

  @Test
  void signingRootHashesObjectRootWithDomain() {
    Bytes objectRoot = Bytes.fromHex("0x" + "ab".repeat(32));
    Bytes domain = Bytes.fromHex("0x" + "cd".repeat(32));
    assertEquals(
        Bytes.of(Sha256.hash(objectRoot.toArray(), domain.toArray())),
        SigningRoots.computeSigningRoot(objectRoot, domain));
  }

  @Test
  void domainAtEpochPicksTheForkVersionInForce() {
    Bytes gvr = Bytes.fromHex("0x" + "11".repeat(32));
    Fork fork = new Fork(Bytes.fromHex("0x05000000"), Bytes.fromHex("0x06000000"), 100);
    assertEquals(
        SigningRoots.computeDomain(DomainType.BEACON_ATTESTER, fork.previousVersion(), gvr),
        SigningRoots.domainAtEpoch(DomainType.BEACON_ATTESTER, fork, 99, gvr));
    assertEquals(
        SigningRoots.computeDomain(DomainType.BEACON_ATTESTER, fork.currentVersion(), gvr),
        SigningRoots.domainAtEpoch(DomainType.BEACON_ATTESTER, fork, 100, gvr));
    // Epochs are unsigned: the far-future epoch is after every fork.
    assertEquals(
        SigningRoots.computeDomain(DomainType.BEACON_ATTESTER, fork.currentVersion(), gvr),
        SigningRoots.domainAtEpoch(DomainType.BEACON_ATTESTER, fork, -1L, gvr));
  }

  @Test
  void epochAndSlotMessagesSignTheirUint64() {
    Bytes domain = SigningRoots.computeDomain(DomainType.RANDAO, Bytes.zero(4), Bytes.zero(32));
    Bytes epochChunk = Bytes.fromHex("0x0700000000000000" + "00".repeat(24));
    assertEquals(
        SigningRoots.computeSigningRoot(epochChunk, domain),
        SigningRoots.randaoSigningRoot(7, domain));
    assertEquals(
        SigningRoots.computeSigningRoot(epochChunk, domain),
        SigningRoots.selectionProofSigningRoot(7, domain));
    Bytes blockRoot = Bytes.fromHex("0x" + "42".repeat(32));
    assertEquals(
        SigningRoots.computeSigningRoot(blockRoot, domain),
        SigningRoots.syncCommitteeMessageSigningRoot(blockRoot, domain));
    SyncAggregatorSelectionData data = new SyncAggregatorSelectionData(7, 2);
    assertEquals(
        SigningRoots.computeSigningRoot(SyncAggregatorSelectionData.SSZ.hashTreeRoot(data), domain),
        SigningRoots.syncSelectionProofSigningRoot(data, domain));
    assertEquals(epochChunk, Ssz.UINT64.hashTreeRoot(7L));
  }

  @Test
  void domainTypesAreTheSpecValues() {
    assertEquals(Bytes.fromHex("0x00000000"), DomainType.BEACON_PROPOSER.value());
    assertEquals(Bytes.fromHex("0x03000000"), DomainType.DEPOSIT.value());
    assertEquals(Bytes.fromHex("0x09000000"), DomainType.CONTRIBUTION_AND_PROOF.value());
    assertEquals(Bytes.fromHex("0x00000001"), DomainType.APPLICATION_BUILDER.value());
  }
}
