package io.phalanx.cluster.lock;

import io.phalanx.spec.testing.SeededRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.ThresholdBls;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.util.Bytes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ClusterLockTest {
  private static ClusterLock lock;
  private static String json;

  @BeforeAll
  static void makeLock() throws Exception {
    SecureRandom random = SeededRandom.of(42);
    lock = sampleLock(random, 4, 3, 2);
    json = lock.toJson();
  }

  static ClusterLock sampleLock(SecureRandom random, int n, int t, int validatorCount) {
    List<NodeIdentity> identities = new ArrayList<>();
    List<Operator> operators = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      NodeIdentity identity = NodeIdentity.generate("node" + i, random);
      identities.add(identity);
      operators.add(new Operator(identity.publicKey(), identity.certificateFingerprint(),
          i == 0 ? Optional.of("127.0.0.1:3610") : Optional.empty()));
    }
    List<DistributedValidator> validators = new ArrayList<>();
    for (int j = 0; j < validatorCount; j++) {
      BlsSecretKey key = BlsSecretKey.random(random);
      List<BlsPublicKey> shares =
          ThresholdBls.split(key, n, t, random).stream().map(BlsSecretKey::publicKey).toList();
      validators.add(new DistributedValidator(key.publicKey(), shares, Bytes.zero(20), Bytes.fromHex("0x" + "ab".repeat(20))));
    }
    LockContent content = new LockContent(
        ClusterLock.VERSION, "test", Network.HOODI, t, operators, validators, "2026-11-25T00:00:00Z");
    return ClusterLock.sign(content, identities);
  }

  @Test
  void aLockSurvivesItsJsonRoundTripAndVerifies() {
    ClusterLock reloaded = ClusterLock.parse(json);
    assertEquals(lock, reloaded);
    assertEquals(json, reloaded.toJson());
    assertEquals(Optional.of("127.0.0.1:3610"), reloaded.operators().get(0).address());
  }

  @Test
  void theLockHashCoversTheContent() {
    LockContent c = lock.content();
    LockContent renamed = new LockContent(c.version(), "other", c.network(), c.threshold(), c.operators(),
        c.validators(), c.createdAt());
    assertNotEquals(LockHash.of(c), LockHash.of(renamed));
    assertEquals(LockHash.of(c), LockHash.of(ClusterLock.parse(json).content()));
  }

  static Stream<Arguments> tamperings() {
    return Stream.of(
        tamper("changed fee recipient byte", "lock hash mismatch",
            root -> ((ObjectNode) root.get("validators").get(0)).put("fee_recipient", "0x" + "00".repeat(19) + "01")),
        tamper("changed threshold", "lock hash mismatch", root -> ((ObjectNode) root).put("threshold", 4)),
        tamper("removed operator", "public shares but the lock names 3 operators",
            root -> ((ArrayNode) root.get("operators")).remove(3)),
        tamper("wrong lock hash", "lock hash mismatch",
            root -> ((ObjectNode) root).put("lock_hash", "0x" + "11".repeat(32))),
        tamper("bad signature", "signature of operator 1",
            root -> ((ArrayNode) root.get("signatures")).set(1, root.get("signatures").get(2))),
        tamper("missing signature", "3 operator signatures for 4 operators",
            root -> ((ArrayNode) root.get("signatures")).remove(0)),
        tamper("swapped public shares", "lock hash mismatch", root -> {
          ArrayNode shares = (ArrayNode) root.get("validators").get(0).get("public_shares");
          JsonNode first = shares.get(0);
          shares.set(0, shares.get(3));
          shares.set(3, first);
        }),
        tamper("public key not on the curve", "validators[1].public_key is not a valid BLS public key",
            root -> ((ObjectNode) root.get("validators").get(1)).put("public_key", "0x" + "aa".repeat(48))),
        tamper("unknown version", "unsupported lock version", root -> ((ObjectNode) root).put("version", "v0")),
        tamper("missing network", "missing field network", root -> ((ObjectNode) root).remove("network")),
        tamper("short fingerprint", "operators[2].certificate_fingerprint",
            root -> ((ObjectNode) root.get("operators").get(2)).put("certificate_fingerprint", "0x1234")));
  }

  private static Arguments tamper(String name, String expectedMessage, Consumer<JsonNode> change) {
    return Arguments.of(name, expectedMessage, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tamperings")
  void aTamperedLockIsRefusedNamingTheCheck(String name, String expectedMessage, Consumer<JsonNode> change)
      throws Exception {
    JsonNode root = ClusterLockJson.MAPPER.readTree(json);
    change.accept(root);
    InvalidClusterLockException e = assertThrows(InvalidClusterLockException.class,
        () -> ClusterLock.parse(ClusterLockJson.MAPPER.writeValueAsString(root)));
    assertTrue(e.getMessage().contains(expectedMessage), name + ": " + e.getMessage());
  }

  @Test
  void sharesThatDoNotFitTheGroupKeyAreRefusedEvenWhenSigned() throws Exception {
    SecureRandom random = SeededRandom.of(7);
    LockContent c = lock.content();
    DistributedValidator v = c.validators().get(0);
    List<BlsPublicKey> shares = new ArrayList<>(v.publicShares());
    shares.set(2, BlsSecretKey.random(random).publicKey());
    DistributedValidator bad = new DistributedValidator(v.groupPublicKey(), shares, v.feeRecipient(), v.withdrawalAddress());
    LockContent content = new LockContent(c.version(), c.name(), c.network(), c.threshold(), c.operators(),
        List.of(bad, c.validators().get(1)), c.createdAt());
    List<NodeIdentity> identities = new ArrayList<>();
    List<Operator> operators = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      NodeIdentity identity = NodeIdentity.generate("n" + i, random);
      identities.add(identity);
      operators.add(new Operator(identity.publicKey(), identity.certificateFingerprint(), Optional.empty()));
    }
    LockContent signedByOthers = new LockContent(content.version(), content.name(), content.network(),
        content.threshold(), operators, content.validators(), content.createdAt());
    InvalidClusterLockException e = assertThrows(InvalidClusterLockException.class,
        () -> ClusterLock.sign(signedByOthers, identities));
    assertTrue(e.getMessage().contains("validator 0: the public share of node 2 does not fit"), e.getMessage());
  }

  @Test
  void aCorruptFileIsRefused() {
    String truncated = json.substring(0, json.length() / 2);
    InvalidClusterLockException e = assertThrows(InvalidClusterLockException.class, () -> ClusterLock.parse(truncated));
    assertTrue(e.getMessage().contains("not valid JSON"), e.getMessage());
    // One flipped hex digit anywhere in the hashed content breaks the hash or a key.
    int at = json.indexOf("\"withdrawal_address\" : \"0x") + 30;
    String flipped = json.substring(0, at) + (json.charAt(at) == 'a' ? 'b' : 'a') + json.substring(at + 1);
    assertThrows(InvalidClusterLockException.class, () -> ClusterLock.parse(flipped));
  }
}
