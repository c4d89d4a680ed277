package io.phalanx.cluster.lock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.cluster.identity.IdentityPublicKey;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The JSON form of {@code cluster-lock.json}. Reading is strict and names the field that is
 * missing or malformed, with its place in the file (e.g. {@code validators[3].public_shares[1]}).
 */
final class ClusterLockJson {
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ClusterLockJson() {}

  static String write(ClusterLock lock) {
    LockContent c = lock.content();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", c.version());
    root.put("name", c.name());
    ObjectNode network = root.putObject("network");
    network.put("name", c.network().name());
    network.put("genesis_fork_version", c.network().genesisForkVersion().toHex());
    network.put("genesis_validators_root", c.network().genesisValidatorsRoot().toHex());
    root.put("threshold", c.threshold());
    root.put("created_at", c.createdAt());
    ArrayNode operators = root.putArray("operators");
    for (Operator o : c.operators()) {
      ObjectNode node = operators.addObject();
      node.put("identity_public_key", o.identityPublicKey().toHex());
      node.put("certificate_fingerprint", o.certificateFingerprint().toHex());
      node.put("address", o.address().orElse(""));
    }
    ArrayNode validators = root.putArray("validators");
    for (DistributedValidator v : c.validators()) {
      ObjectNode node = validators.addObject();
      node.put("public_key", v.groupPublicKey().toHex());
      ArrayNode shares = node.putArray("public_shares");
      v.publicShares().forEach(s -> shares.add(s.toHex()));
      node.put("fee_recipient", v.feeRecipient().toHex());
      node.put("withdrawal_address", v.withdrawalAddress().toHex());
    }
    root.put("lock_hash", lock.lockHash().toHex());
    ArrayNode signatures = root.putArray("signatures");
    lock.signatures().forEach(s -> signatures.add(s.toHex()));
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ClusterLock read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidClusterLockException("not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidClusterLockException("not a cluster lock: expected a JSON object");
    }
    String version = text(root, "version", "version");
    if (!ClusterLock.VERSION.equals(version)) {
      throw new InvalidClusterLockException(
          "unsupported lock version '" + version + "'; this Phalanx reads " + ClusterLock.VERSION);
    }
    JsonNode networkNode = field(root, "network", "network");
    Network network =
        parse("network", () -> new Network(
            text(networkNode, "name", "network.name"),
            hex(networkNode, "genesis_fork_version", "network.genesis_fork_version", 4),
            hex(networkNode, "genesis_validators_root", "network.genesis_validators_root", 32)));
    JsonNode thresholdNode = field(root, "threshold", "threshold");
    if (!thresholdNode.canConvertToInt()) {
      throw new InvalidClusterLockException("threshold must be a whole number, got " + thresholdNode);
    }
    List<Operator> operators = new ArrayList<>();
    JsonNode operatorsNode = array(root, "operators", "operators");
    for (int i = 0; i < operatorsNode.size(); i++) {
      JsonNode o = operatorsNode.get(i);
      String at = "operators[" + i + "]";
      operators.add(parse(at, () -> new Operator(
          new IdentityPublicKey(hex(o, "identity_public_key", at + ".identity_public_key", 33)),
          hex(o, "certificate_fingerprint", at + ".certificate_fingerprint", 32),
          Optional.ofNullable(o.get("address")).map(JsonNode::asText))));
    }
    List<DistributedValidator> validators = new ArrayList<>();
    JsonNode validatorsNode = array(root, "validators", "validators");
    for (int i = 0; i < validatorsNode.size(); i++) {
      JsonNode v = validatorsNode.get(i);
      String at = "validators[" + i + "]";
      List<BlsPublicKey> shares = new ArrayList<>();
      JsonNode sharesNode = array(v, "public_shares", at + ".public_shares");
      for (int s = 0; s < sharesNode.size(); s++) {
        String shareAt = at + ".public_shares[" + s + "]";
        shares.add(blsKey(sharesNode.get(s), shareAt));
      }
      validators.add(parse(at, () -> new DistributedValidator(
          blsKey(field(v, "public_key", at + ".public_key"), at + ".public_key"),
          shares,
          hex(v, "fee_recipient", at + ".fee_recipient", 20),
          hex(v, "withdrawal_address", at + ".withdrawal_address", 20))));
    }
    LockContent content = new LockContent(
        version,
        text(root, "name", "name"),
        network,
        thresholdNode.asInt(),
        operators,
        validators,
        text(root, "created_at", "created_at"));
    Bytes lockHash = hex(root, "lock_hash", "lock_hash", 32);
    List<Bytes> signatures = new ArrayList<>();
    JsonNode signaturesNode = array(root, "signatures", "signatures");
    for (int i = 0; i < signaturesNode.size(); i++) {
      signatures.add(hexValue(signaturesNode.get(i), "signatures[" + i + "]", -1));
    }
    return new ClusterLock(content, lockHash, signatures);
  }

  private static BlsPublicKey blsKey(JsonNode node, String at) {
    Bytes bytes = hexValue(node, at, 48);
    try {
      return BlsPublicKey.fromBytes(bytes);
    } catch (IllegalArgumentException e) {
      throw new InvalidClusterLockException(at + " is not a valid BLS public key: " + e.getMessage(), e);
    }
  }

  private static <T> T parse(String at, Supplier<T> parser) {
    try {
      return parser.get();
    } catch (InvalidClusterLockException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidClusterLockException(at + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode field(JsonNode parent, String name, String at) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      throw new InvalidClusterLockException("missing field " + at);
    }
    return node;
  }

  private static JsonNode array(JsonNode parent, String name, String at) {
    JsonNode node = field(parent, name, at);
    if (!node.isArray()) {
      throw new InvalidClusterLockException(at + " must be a JSON array");
    }
    return node;
  }

  private static String text(JsonNode parent, String name, String at) {
    JsonNode node = field(parent, name, at);
    if (!node.isTextual()) {
      throw new InvalidClusterLockException(at + " must be a string");
    }
    return node.asText();
  }

  private static Bytes hex(JsonNode parent, String name, String at, int length) {
    return hexValue(field(parent, name, at), at, length);
  }

  /** {@code length} -1 accepts any length. */
  private static Bytes hexValue(JsonNode node, String at, int length) {
    if (node == null || !node.isTextual()) {
      throw new InvalidClusterLockException(at + " must be a 0x-prefixed hex string");
    }
    try {
      return length < 0 ? Bytes.fromHex(node.asText()) : Bytes.fromHex(node.asText(), length, at);
    } catch (IllegalArgumentException e) {
      throw new InvalidClusterLockException(
          e.getMessage().startsWith(at) ? e.getMessage() : at + ": " + e.getMessage(), e);
    }
  }
}
