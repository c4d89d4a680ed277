package io.phalanx.spec.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The limits that keep a crafted keystore from exhausting memory or stalling decryption. */
class KdfParamsTest {

  @Test
  void defaultsAreTheEipParameters() {
    assertEquals(new KdfParams.Scrypt(262144, 8, 1, 32), KdfParams.scryptDefault());
    assertEquals(new KdfParams.Pbkdf2(262144, 32, "hmac-sha256"), KdfParams.pbkdf2Default());
    assertEquals("scrypt", KdfParams.scryptDefault().function());
    assertEquals("pbkdf2", KdfParams.pbkdf2Default().function());
  }

  @Test
  void acceptsTheLimitsThemselves() {
    // 1 GiB of scrypt memory and 16 times the standard work are still allowed.
    new KdfParams.Scrypt(1 << 20, 8, 4, 64);
    new KdfParams.Pbkdf2(1 << 22, 64, "hmac-sha256");
    new KdfParams.Scrypt(2, 1, 1, 32);
    new KdfParams.Pbkdf2(1, 32, "hmac-sha256");
  }

  static Stream<Arguments> absurd() {
    return Stream.of(
        absurd(
            "scrypt n 3",
            () -> new KdfParams.Scrypt(3, 8, 1, 32),
            "scrypt n must be a power of two greater than 1, got 3"),
        absurd(
            "scrypt n 1",
            () -> new KdfParams.Scrypt(1, 8, 1, 32),
            "scrypt n must be a power of two greater than 1, got 1"),
        absurd(
            "scrypt n min int",
            () -> new KdfParams.Scrypt(Integer.MIN_VALUE, 8, 1, 32),
            "scrypt n must be a power of two greater than 1, got -2147483648"),
        absurd(
            "scrypt p 0",
            () -> new KdfParams.Scrypt(1024, 8, 0, 32),
            "scrypt p must be at least 1, got 0"),
        absurd(
            "scrypt dklen 31",
            () -> new KdfParams.Scrypt(1024, 8, 1, 31),
            "scrypt dklen must be between 32 and 64, got 31"),
        absurd(
            "scrypt dklen 65",
            () -> new KdfParams.Scrypt(1024, 8, 1, 65),
            "scrypt dklen must be between 32 and 64, got 65"),
        absurd(
            "scrypt 2 GiB",
            () -> new KdfParams.Scrypt(1 << 21, 8, 1, 32),
            "scrypt n=2097152, r=8 would need 2048 MiB of memory; refusing more than 1024 MiB"),
        absurd(
            "scrypt r max int",
            () -> new KdfParams.Scrypt(1024, Integer.MAX_VALUE, 1, 32),
            "scrypt n=1024, r=2147483647 would need 268435455 MiB of memory; refusing more than"
                + " 1024 MiB"),
        absurd(
            "scrypt 32 times the work",
            () -> new KdfParams.Scrypt(1 << 20, 8, 8, 32),
            "scrypt n=1048576, r=8, p=8 gives n*r*p = 67108864; refusing more than 33554432 (16"
                + " times the work of the EIP-2335 parameters)"),
        absurd(
            "pbkdf2 c negative",
            () -> new KdfParams.Pbkdf2(-1, 32, "hmac-sha256"),
            "pbkdf2 c must be between 1 and 4194304, got -1"),
        absurd(
            "pbkdf2 dklen 0",
            () -> new KdfParams.Pbkdf2(1024, 0, "hmac-sha256"),
            "pbkdf2 dklen must be between 32 and 64, got 0"),
        absurd(
            "pbkdf2 prf upper case",
            () -> new KdfParams.Pbkdf2(1024, 32, "HMAC-SHA256"),
            "pbkdf2 prf must be \"hmac-sha256\", got \"HMAC-SHA256\""),
        absurd(
            "pbkdf2 prf null",
            () -> new KdfParams.Pbkdf2(1024, 32, null),
            "pbkdf2 prf must be \"hmac-sha256\", got nothing"));
  }

  private static Arguments absurd(String what, Supplier<KdfParams> params, String expected) {
    return Arguments.of(what, params, expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("absurd")
  void refusesAbsurdParameters(String what, Supplier<KdfParams> params, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, params::get);

    assertEquals(expected, e.getMessage());
  }
}
