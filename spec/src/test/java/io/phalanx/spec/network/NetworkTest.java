package io.phalanx.spec.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NetworkTest {
  @Test
  void knownNetworksAreFoundByNameIgnoringCase() {
    assertEquals(Network.HOODI, Network.byName("Hoodi").orElseThrow());
    assertEquals("0x10000910", Network.HOODI.genesisForkVersion().toHex());
    assertTrue(Network.byName("holesky").isEmpty());
  }

  @Test
  void customNetworkRejectsMalformedValuesNamingThem() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Network.custom("devnet", "0x1234", "0x00"));
    assertTrue(e.getMessage().contains("genesis fork version"), e.getMessage());
    e = assertThrows(
        IllegalArgumentException.class, () -> Network.custom("devnet", "0x12345678", "0x00"));
    assertTrue(e.getMessage().contains("genesis validators root"), e.getMessage());
  }
}
