package io.phalanx.spec.types;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.spec.signing.DomainType;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.util.Bytes;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ForkScheduleTest {
  /** Mainnet's published config (consensus-specs configs/mainnet.yaml), as a beacon node serves it. */
  private static Map<String, String> mainnet() {
    Map<String, String> spec = new HashMap<>();
    spec.put("SLOTS_PER_EPOCH", "32");
    spec.put("GENESIS_FORK_VERSION", "0x00000000");
    spec.put("ALTAIR_FORK_VERSION", "0x01000000");
    spec.put("ALTAIR_FORK_EPOCH", "74240");
    spec.put("BELLATRIX_FORK_VERSION", "0x02000000");
    spec.put("BELLATRIX_FORK_EPOCH", "144896");
    spec.put("CAPELLA_FORK_VERSION", "0x03000000");
    spec.put("CAPELLA_FORK_EPOCH", "194048");
    spec.put("DENEB_FORK_VERSION", "0x04000000");
    spec.put("DENEB_FORK_EPOCH", "269568");
    spec.put("ELECTRA_FORK_VERSION", "0x05000000");
    spec.put("ELECTRA_FORK_EPOCH", "364032");
    spec.put("FULU_FORK_VERSION", "0x06000000");
    spec.put("FULU_FORK_EPOCH", "411392");
    return spec;
  }

  @Test
  void theVersionAndConsensusVersionFollowTheEpochs() {
    ForkSchedule forks = ForkSchedule.fromSpec(mainnet());
    assertEquals(Bytes.fromHex("0x05000000"), forks.versionAt(364032));
    assertEquals(Bytes.fromHex("0x05000000"), forks.versionAt(411391));
    assertEquals(Bytes.fromHex("0x06000000"), forks.versionAt(411392));
    assertEquals(ConsensusVersion.ELECTRA, forks.consensusVersionAt(411391));
    assertEquals(ConsensusVersion.FULU, forks.consensusVersionAt(411392));
    assertEquals(ConsensusVersion.FULU, forks.consensusVersionAtSlot(411392L * 32));
    assertEquals(ConsensusVersion.ELECTRA, forks.consensusVersionAtSlot(411392L * 32 - 1));
    assertEquals(new Fork(Bytes.fromHex("0x05000000"), Bytes.fromHex("0x06000000"), 411392), forks.forkAt(500000));
    assertEquals(Bytes.fromHex("0x03000000"), forks.version("capella").orElseThrow());
    assertEquals(Bytes.fromHex("0x00000000"), forks.genesisForkVersion());
  }

  @Test
  void domainsBeforeAndAfterAForkDiffer() {
    ForkSchedule forks = ForkSchedule.fromSpec(mainnet());
    Bytes gvr = Bytes.zero(32);
    Bytes electra = SigningRoots.domainAtEpoch(DomainType.BEACON_ATTESTER, forks.forkAt(411391), 411391, gvr);
    Bytes fulu = SigningRoots.domainAtEpoch(DomainType.BEACON_ATTESTER, forks.forkAt(411392), 411392, gvr);
    assertEquals(SigningRoots.computeDomain(DomainType.BEACON_ATTESTER, Bytes.fromHex("0x05000000"), gvr), electra);
    assertEquals(SigningRoots.computeDomain(DomainType.BEACON_ATTESTER, Bytes.fromHex("0x06000000"), gvr), fulu);
  }

  @Test
  void aForkThisPhalanxDoesNotKnowStopsItFromItsEpoch() {
    Map<String, String> spec = mainnet();
    spec.put("GLOAS_FORK_VERSION", "0x07000000");
    spec.put("GLOAS_FORK_EPOCH", "500000");
    ForkSchedule forks = ForkSchedule.fromSpec(spec);
    assertEquals(ConsensusVersion.FULU, forks.consensusVersionAt(499999));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> forks.consensusVersionAt(500000));
    assertTrue(e.getMessage().contains("GLOAS"), e.getMessage());
    IllegalStateException deneb = assertThrows(IllegalStateException.class, () -> forks.consensusVersionAt(300000));
    assertTrue(deneb.getMessage().contains("DENEB"), deneb.getMessage());
  }

  @Test
  void aForkAtTheFarFutureEpochIsNotScheduled() {
    Map<String, String> spec = mainnet();
    spec.put("GLOAS_FORK_VERSION", "0x07000000");
    spec.put("GLOAS_FORK_EPOCH", "18446744073709551615");
    ForkSchedule forks = ForkSchedule.fromSpec(spec);
    assertEquals(ConsensusVersion.FULU, forks.consensusVersionAt(Long.MAX_VALUE));
    assertEquals(Bytes.fromHex("0x07000000"), forks.version("GLOAS").orElseThrow());
  }

  @Test
  void missingOrMalformedValuesAreNamed() {
    Map<String, String> noGenesis = mainnet();
    noGenesis.remove("GENESIS_FORK_VERSION");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ForkSchedule.fromSpec(noGenesis)).getMessage()
        .contains("GENESIS_FORK_VERSION"));
    Map<String, String> noElectra = mainnet();
    noElectra.remove("ELECTRA_FORK_EPOCH");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ForkSchedule.fromSpec(noElectra)).getMessage()
        .contains("ELECTRA_FORK_EPOCH"));
    Map<String, String> badEpoch = mainnet();
    badEpoch.put("FULU_FORK_EPOCH", "soon");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ForkSchedule.fromSpec(badEpoch)).getMessage()
        .contains("FULU_FORK_EPOCH"));
    Map<String, String> badVersion = mainnet();
    badVersion.put("FULU_FORK_VERSION", "0x0600");
    assertTrue(assertThrows(IllegalArgumentException.class, () -> ForkSchedule.fromSpec(badVersion)).getMessage()
        .contains("FULU_FORK_VERSION"));
  }

  @Test
  void theHeadStateMustAgreeWithTheSpec() {
    ForkSchedule forks = ForkSchedule.fromSpec(mainnet());
    Fork fuluHead = new Fork(Bytes.fromHex("0x05000000"), Bytes.fromHex("0x06000000"), 411392);
    assertEquals(forks, forks.checkHead(fuluHead, 420000));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> forks.checkHead(fuluHead, 400000));
    assertTrue(e.getMessage().contains("ELECTRA"), e.getMessage());
  }

  @Test
  void entriesSurviveSsz() {
    ForkSchedule forks = ForkSchedule.fromSpec(mainnet());
    byte[] ssz = ForkSchedule.ENTRIES_SSZ.serialize(forks.entries());
    assertEquals(forks, ForkSchedule.of(ForkSchedule.ENTRIES_SSZ.deserialize(ssz), 32));
  }
}
