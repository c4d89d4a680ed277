package io.phalanx.spec.keystore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.phalanx.spec.util.Hex;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** EIP-2335 password handling: NFKD, then C0, C1 and Delete removed; space kept. */
class PasswordNormalizationTest {

  /** The example of the EIP's test cases: mathematical Fraktur letters decompose to ASCII. */
  @Test
  void eipExample() {
    String normalized = Keystores.normalizePassword("𝔱𝔢𝔰𝔱𝔭𝔞𝔰𝔰𝔴𝔬𝔯𝔡🔑");

    assertEquals("testpassword🔑", normalized);
    assertEquals(
        "0x7465737470617373776f7264f09f9491",
        Hex.encode(normalized.getBytes(StandardCharsets.UTF_8)));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("plain ASCII is unchanged", "password", "password"),
        Arguments.of("space is kept", "correct horse", "correct horse"),
        Arguments.of("empty stays empty", "", ""),
        Arguments.of("C0 NUL and US are removed", "a\u0000b\u001fc", "abc"),
        Arguments.of("tab, CR and LF are removed", "pass\tword\r\n", "password"),
        Arguments.of("Delete is removed", "pass\u007fword", "password"),
        Arguments.of(
            "C1 from U+0080 to U+009F is removed", "pa\u0080ss\u0085wo\u009frd", "password"),
        Arguments.of("U+00A0, just past C1, becomes a space", "a\u00a0b", "a b"),
        Arguments.of("composed é decomposes", "caf\u00e9", "cafe\u0301"),
        Arguments.of("decomposed é stays decomposed", "cafe\u0301", "cafe\u0301"),
        Arguments.of("ligature ﬁ becomes fi", "\ufb01ne", "fine"),
        Arguments.of("full-width letters become ASCII", "\uff30\uff41\uff53\uff53", "Pass"),
        Arguments.of("emoji outside the BMP pass through", "key\ud83d\udd11", "key\ud83d\udd11"),
        Arguments.of("Hangul syllable decomposes to jamo", "\ud55c", "\u1112\u1161\u11ab"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void normalizes(String description, String password, String expected) {
    assertEquals(expected, Keystores.normalizePassword(password));
  }
}
