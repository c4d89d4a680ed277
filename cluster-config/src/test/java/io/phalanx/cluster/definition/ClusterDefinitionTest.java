package io.phalanx.cluster.definition;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.testing.SeededRandom;
import io.phalanx.spec.util.Bytes;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterDefinitionTest {
  private static final SecureRandom RANDOM = SeededRandom.of(21);
  private static final List<NodeIdentity> IDENTITIES = new ArrayList<>();

  static {
    for (int i = 0; i < 5; i++) {
      IDENTITIES.add(NodeIdentity.generate("phalanx-node", RANDOM));
    }
  }

  @TempDir Path dir;

  private static Operator operator(int i) {
    NodeIdentity id = IDENTITIES.get(i);
    return new Operator(id.publicKey(), id.certificateFingerprint(), Optional.of("node" + i + ".example:3610"));
  }

  static DefinitionContent content() {
    return new DefinitionContent(ClusterDefinition.VERSION, "test", Network.HOODI, 3, 10,
        Bytes.fromHex("0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"), Bytes.zero(20), 32_000_000_000L,
        List.of(operator(0), operator(1), operator(2), operator(3)), "2026-11-26T00:00:00Z");
  }

  @Test
  void aSignedDefinitionSurvivesTheFileAndKeepsItsHash() {
    ClusterDefinition d = ClusterDefinition.of(content());
    for (int i = 0; i < 4; i++) {
      d = d.signedBy(IDENTITIES.get(i));
    }
    Path file = dir.resolve(ClusterDefinition.FILE_NAME);
    d.write(file);
    ClusterDefinition read = ClusterDefinition.load(file);
    assertEquals(d, read);
    read.requireFullySigned();
    assertEquals(DefinitionHash.of(content()), read.definitionHash());
  }

  static Stream<Arguments> edits() {
    return Stream.of(
        Arguments.of("threshold", (UnaryOperator<DefinitionContent>) c -> with(c, 4, c.validatorCount(), c.operators())),
        Arguments.of("validators", (UnaryOperator<DefinitionContent>) c -> with(c, 3, 11, c.operators())),
        Arguments.of("operator added", (UnaryOperator<DefinitionContent>) c -> {
          List<Operator> more = new ArrayList<>(c.operators());
          more.add(operator(4));
          return with(c, 3, c.validatorCount(), more);
        }),
        Arguments.of("operators reordered", (UnaryOperator<DefinitionContent>) c -> with(c, 3, c.validatorCount(),
            List.of(c.operators().get(1), c.operators().get(0), c.operators().get(2), c.operators().get(3)))));
  }

  private static DefinitionContent with(DefinitionContent c, int t, int validators, List<Operator> operators) {
    return new DefinitionContent(c.version(), c.name(), c.network(), t, validators, c.feeRecipient(),
        c.withdrawalAddress(), c.depositAmountGwei(), operators, c.createdAt());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("edits")
  void everyEditChangesTheHashAndAnEditedFileIsRefused(String what, UnaryOperator<DefinitionContent> edit) {
    ClusterDefinition original = ClusterDefinition.of(content()).signedBy(IDENTITIES.get(0));
    DefinitionContent edited = edit.apply(content());
    assertNotEquals(original.definitionHash(), DefinitionHash.of(edited), what);
    // The edit pasted into the file under the old hash: refused by the hash.
    String json = ClusterDefinition.of(edited).toJson()
        .replace(DefinitionHash.of(edited).toHex(), original.definitionHash().toHex());
    InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class, () -> ClusterDefinition.parse(json));
    assertTrue(e.getMessage().contains("definition hash mismatch"), e.getMessage());
  }

  @Test
  void aSignatureOverAnotherDefinitionIsInvalidAndAMissingOneIsReported() {
    ClusterDefinition d = ClusterDefinition.of(content()).signedBy(IDENTITIES.get(0)).signedBy(IDENTITIES.get(1));
    Bytes foreign = IDENTITIES.get(2).sign(Bytes.zero(32));
    List<Optional<Bytes>> signatures = new ArrayList<>(d.signatures());
    signatures.set(2, Optional.of(foreign));
    ClusterDefinition forged = new ClusterDefinition(d.content(), d.definitionHash(), signatures);
    assertEquals(List.of(ClusterDefinition.SignatureStatus.VALID, ClusterDefinition.SignatureStatus.VALID,
        ClusterDefinition.SignatureStatus.INVALID, ClusterDefinition.SignatureStatus.MISSING), forged.signatureStatuses());
    InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class,
        () -> ClusterDefinition.parse(forged.toJson()));
    assertTrue(e.getMessage().contains("operator 2"), e.getMessage());
    e = assertThrows(InvalidDefinitionException.class, d::requireFullySigned);
    assertTrue(e.getMessage().contains("operator 2") && e.getMessage().contains("has not signed"), e.getMessage());
  }

  @Test
  void anOutsiderCannotSign() {
    ClusterDefinition d = ClusterDefinition.of(content());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.signedBy(IDENTITIES.get(4)));
    assertTrue(e.getMessage().contains("not one of the definition's operators"), e.getMessage());
  }

  @Test
  void theCreateClusterRulesHold() {
    DefinitionContent c = content();
    assertThrows(InvalidDefinitionException.class, () -> with(c, 2, 10, c.operators()));
    assertThrows(InvalidDefinitionException.class, () -> with(c, 3, 0, c.operators()));
    assertThrows(InvalidDefinitionException.class, () -> with(c, 2, 10, c.operators().subList(0, 2)));
    InvalidDefinitionException e = assertThrows(InvalidDefinitionException.class,
        () -> with(c, 3, 10, List.of(operator(0), operator(1), operator(2), operator(0))));
    assertTrue(e.getMessage().contains("operator 3 repeats"), e.getMessage());
  }

  @Test
  void operatorTokensRoundTripAndBadOnesAreRefused() {
    Operator o = operator(1);
    assertEquals(o, OperatorToken.parse(OperatorToken.of(o)));
    Operator bare = new Operator(o.identityPublicKey(), o.certificateFingerprint(), Optional.empty());
    assertEquals(bare, OperatorToken.parse(OperatorToken.of(IDENTITIES.get(1), Optional.empty())));
    String token = OperatorToken.of(o);
    for (String bad : List.of("", "0x1234", token.replace(OperatorToken.PREFIX, "phalanx-id2:"),
        token.substring(0, 40), token.replace("@", ":"), token.replace(":3610", ":0"))) {
      assertThrows(IllegalArgumentException.class, () -> OperatorToken.parse(bad), bad);
    }
  }
}
