package io.phalanx.cluster.definition;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.cluster.identity.IdentityPublicKey;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The JSON form of {@code cluster-definition.json}. Each operator entry carries its signature
 * ({@code ""} until the operator signs). Reading is strict and names the field that is missing
 * or malformed.
 */
final class DefinitionJson {
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private DefinitionJson() {}

  static String write(ClusterDefinition definition) {
    DefinitionContent c = definition.content();
    ObjectNode root = MAPPER.createObjectNode();
    root.put("version", c.version());
    root.put("name", c.name());
    ObjectNode network = root.putObject("network");
    network.put("name", c.network().name());
    network.put("genesis_fork_version", c.network().genesisForkVersion().toHex());
    network.put("genesis_validators_root", c.network().genesisValidatorsRoot().toHex());
    root.put("threshold", c.threshold());
    root.put("validators", c.validatorCount());
    root.put("fee_recipient", c.feeRecipient().toHex());
    root.put("withdrawal_address", c.withdrawalAddress().toHex());
    root.put("deposit_amount_gwei", c.depositAmountGwei());
    root.put("created_at", c.createdAt());
    ArrayNode operators = root.putArray("operators");
    for (int i = 0; i < c.operators().size(); i++) {
      Operator o = c.operators().get(i);
      ObjectNode node = operators.addObject();
      node.put("identity_public_key", o.identityPublicKey().toHex());
      node.put("certificate_fingerprint", o.certificateFingerprint().toHex());
      node.put("address", o.address().orElse(""));
      node.put("signature", definition.signatures().get(i).map(Bytes::toHex).orElse(""));
    }
    root.put("definition_hash", definition.definitionHash().toHex());
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ClusterDefinition read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new InvalidDefinitionException("not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidDefinitionException("not a cluster definition: expected a JSON object");
    }
    String version = text(root, "version");
    if (!ClusterDefinition.VERSION.equals(version)) {
      throw new InvalidDefinitionException(
          "unsupported definition version '" + version + "'; this Phalanx reads " + ClusterDefinition.VERSION);
    }
    JsonNode net = field(root, "network", "network");
    Network network = parse("network", () -> new Network(text(net, "name", "network.name"),
        hex(net, "genesis_fork_version", "network.genesis_fork_version", 4),
        hex(net, "genesis_validators_root", "network.genesis_validators_root", 32)));
    List<Operator> operators = new ArrayList<>();
    List<Optional<Bytes>> signatures = new ArrayList<>();
    JsonNode operatorsNode = field(root, "operators", "operators");
    if (!operatorsNode.isArray()) {
      throw new InvalidDefinitionException("operators must be a JSON array");
    }
    for (int i = 0; i < operatorsNode.size(); i++) {
      JsonNode o = operatorsNode.get(i);
      String at = "operators[" + i + "]";
      operators.add(parse(at, () -> new Operator(
          new IdentityPublicKey(hex(o, "identity_public_key", at + ".identity_public_key", 33)),
          hex(o, "certificate_fingerprint", at + ".certificate_fingerprint", 32),
          Optional.ofNullable(o.get("address")).map(JsonNode::asText))));
      String signature = text(o, "signature", at + ".signature");
      signatures.add(signature.isEmpty() ? Optional.empty()
          : Optional.of(parse(at + ".signature", () -> Bytes.fromHex(signature))));
    }
    DefinitionContent content = parse("definition", () -> new DefinitionContent(
        version,
        text(root, "name"),
        network,
        integer(root, "threshold"),
        integer(root, "validators"),
        hex(root, "fee_recipient", "fee_recipient", 20),
        hex(root, "withdrawal_address", "withdrawal_address", 20),
        number(root, "deposit_amount_gwei"),
        operators,
        text(root, "created_at")));
    return new ClusterDefinition(content, hex(root, "definition_hash", "definition_hash", 32), signatures);
  }

  private static <T> T parse(String at, Supplier<T> parser) {
    try {
      return parser.get();
    } catch (InvalidDefinitionException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidDefinitionException(at + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode field(JsonNode parent, String name, String at) {
    JsonNode node = parent.get(name);
    if (node == null || node.isNull()) {
      throw new InvalidDefinitionException("missing field " + at);
    }
    return node;
  }

  private static String text(JsonNode parent, String name) {
    return text(parent, name, name);
  }

  private static String text(JsonNode parent, String name, String at) {
    JsonNode node = field(parent, name, at);
    if (!node.isTextual()) {
      throw new InvalidDefinitionException(at + " must be a string");
    }
    return node.asText();
  }

  private static int integer(JsonNode parent, String name) {
    JsonNode node = field(parent, name, name);
    if (!node.isIntegralNumber() || !node.canConvertToInt()) {
      throw new InvalidDefinitionException(name + " must be a whole number, got " + node);
    }
    return node.asInt();
  }

  private static long number(JsonNode parent, String name) {
    JsonNode node = field(parent, name, name);
    if (!node.isIntegralNumber() || !node.canConvertToLong()) {
      throw new InvalidDefinitionException(name + " must be a whole number, got " + node);
    }
    return node.asLong();
  }

  private static Bytes hex(JsonNode parent, String name, String at, int length) {
    JsonNode node = field(parent, name, at);
    if (!node.isTextual()) {
      throw new InvalidDefinitionException(at + " must be a 0x-prefixed hex string");
    }
    try {
      return Bytes.fromHex(node.asText(), length, at);
    } catch (IllegalArgumentException e) {
      throw new InvalidDefinitionException(e.getMessage().startsWith(at) ? e.getMessage() : at + ": " + e.getMessage(), e);
    }
  }
}
