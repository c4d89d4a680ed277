package io.phalanx.spec.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExecutionAddressTest {
  // The examples of EIP-55 itself.
  @ParameterizedTest
  @ValueSource(strings = {
      "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
      "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
      "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
      "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb"})
  void checksummedAddressesFromTheEipAreAcceptedAndReproduced(String address) {
    Bytes parsed = ExecutionAddress.parse(address, "address");
    assertEquals(address, ExecutionAddress.checksummed(parsed));
    assertEquals(parsed, ExecutionAddress.parse(address.toLowerCase(), "address"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD", "0x1234", "5aaeb6053f3e94c9b9a09f33669435e7ef1beaed", "0xzzaeb6053f3e94c9b9a09f33669435e7ef1beaed"})
  void badAddressesAreRefusedNamingTheOption(String address) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ExecutionAddress.parse(address, "--fee-recipient"));
    assertTrue(e.getMessage().startsWith("--fee-recipient"), e.getMessage());
  }
}
