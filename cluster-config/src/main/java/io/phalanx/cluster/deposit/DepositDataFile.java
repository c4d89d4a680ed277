package io.phalanx.cluster.deposit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.network.Network;
import io.phalanx.spec.signing.SigningRoots;
import io.phalanx.spec.types.DepositData;
import io.phalanx.spec.types.DepositMessage;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Hex;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code deposit-data.json} in the staking-deposit-cli's format, which the launchpad and
 * operators' tooling read: a JSON array with, per validator, {@code pubkey},
 * {@code withdrawal_credentials}, {@code amount} (gwei, a number), {@code signature},
 * {@code deposit_message_root}, {@code deposit_data_root}, {@code fork_version},
 * {@code network_name} and {@code deposit_cli_version}; hex without 0x.
 */
public final class DepositDataFile {
  /** The staking-deposit-cli version whose output format this file follows. */
  public static final String DEPOSIT_CLI_VERSION = "2.7.0";

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final byte ETH1_ADDRESS_WITHDRAWAL_PREFIX = 0x01;

  private DepositDataFile() {}

  /** 0x01 withdrawal credentials: the prefix, 11 zero bytes, then the execution address. */
  public static Bytes executionWithdrawalCredentials(Bytes address) {
    if (address.size() != 20) {
      throw new IllegalArgumentException("withdrawal address must be 20 bytes, got " + address.size());
    }
    byte[] credentials = new byte[32];
    credentials[0] = ETH1_ADDRESS_WITHDRAWAL_PREFIX;
    address.copyTo(credentials, 12);
    return Bytes.of(credentials);
  }

  /** Signs a deposit with the whole validator key under the network's deposit domain. */
  public static DepositDataEntry sign(BlsSecretKey key, Bytes withdrawalCredentials, long amountGwei, Network network) {
    BlsPublicKey pubkey = key.publicKey();
    BlsSignature signature = key.sign(signingRoot(pubkey, withdrawalCredentials, amountGwei, network));
    return entry(pubkey, withdrawalCredentials, amountGwei, signature, network);
  }

  /** What a deposit's signature signs: the deposit message's root under the network's deposit domain. */
  public static Bytes signingRoot(BlsPublicKey pubkey, Bytes withdrawalCredentials, long amountGwei, Network network) {
    Bytes messageRoot = DepositMessage.SSZ.hashTreeRoot(new DepositMessage(pubkey.toBytes(), withdrawalCredentials, amountGwei));
    return SigningRoots.computeSigningRoot(messageRoot, SigningRoots.depositDomain(network.genesisForkVersion()));
  }

  /**
   * A deposit from a signature made elsewhere, e.g. combined from the partial signatures of a
   * distributed key generation. The signature is not checked here.
   */
  public static DepositDataEntry entry(
      BlsPublicKey pubkey, Bytes withdrawalCredentials, long amountGwei, BlsSignature signature, Network network) {
    Bytes messageRoot = DepositMessage.SSZ.hashTreeRoot(new DepositMessage(pubkey.toBytes(), withdrawalCredentials, amountGwei));
    Bytes dataRoot = DepositData.SSZ.hashTreeRoot(
        new DepositData(pubkey.toBytes(), withdrawalCredentials, amountGwei, signature.toBytes()));
    return new DepositDataEntry(pubkey, withdrawalCredentials, amountGwei, signature, messageRoot, dataRoot, network);
  }

  public static String toJson(List<DepositDataEntry> deposits) {
    ArrayNode array = MAPPER.createArrayNode();
    for (DepositDataEntry d : deposits) {
      ObjectNode node = array.addObject();
      node.put("pubkey", bare(d.pubkey().toBytes()));
      node.put("withdrawal_credentials", bare(d.withdrawalCredentials()));
      node.put("amount", d.amountGwei());
      node.put("signature", bare(d.signature().toBytes()));
      node.put("deposit_message_root", bare(d.depositMessageRoot()));
      node.put("deposit_data_root", bare(d.depositDataRoot()));
      node.put("fork_version", bare(d.network().genesisForkVersion()));
      node.put("network_name", d.network().name());
      node.put("deposit_cli_version", DEPOSIT_CLI_VERSION);
    }
    try {
      return MAPPER.writeValueAsString(array) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads a deposit file and checks every entry: both roots are those of its fields and its
   * signature verifies under the deposit domain of its fork version.
   *
   * @throws IllegalArgumentException naming the entry and the check that failed
   */
  public static List<DepositDataEntry> parseAndVerify(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("deposit data is not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isArray()) {
      throw new IllegalArgumentException("deposit data must be a JSON array");
    }
    List<DepositDataEntry> entries = new ArrayList<>();
    for (int i = 0; i < root.size(); i++) {
      JsonNode d = root.get(i);
      String at = "deposit " + i;
      try {
        String name = text(d, "network_name");
        Bytes forkVersion = hex(d, "fork_version");
        // The file does not carry the genesis validators root, which deposits do not sign over.
        Network network = Network.byName(name)
            .filter(n -> n.genesisForkVersion().equals(forkVersion))
            .orElseGet(() -> new Network(name, forkVersion, Bytes.zero(32)));
        BlsPublicKey pubkey = BlsPublicKey.fromBytes(hex(d, "pubkey"));
        Bytes credentials = hex(d, "withdrawal_credentials");
        long amount = d.path("amount").asLong(-1);
        BlsSignature signature = BlsSignature.fromBytes(hex(d, "signature"));
        DepositMessage message = new DepositMessage(pubkey.toBytes(), credentials, amount);
        Bytes messageRoot = DepositMessage.SSZ.hashTreeRoot(message);
        if (!messageRoot.equals(hex(d, "deposit_message_root"))) {
          throw new IllegalArgumentException("deposit_message_root is not the root of the deposit message");
        }
        Bytes dataRoot = DepositData.SSZ.hashTreeRoot(
            new DepositData(pubkey.toBytes(), credentials, amount, signature.toBytes()));
        if (!dataRoot.equals(hex(d, "deposit_data_root"))) {
          throw new IllegalArgumentException("deposit_data_root is not the root of the deposit data");
        }
        if (!signature.verify(pubkey, SigningRoots.computeSigningRoot(messageRoot, SigningRoots.depositDomain(network.genesisForkVersion())))) {
          throw new IllegalArgumentException("signature does not verify under the deposit domain of fork version "
              + network.genesisForkVersion());
        }
        entries.add(new DepositDataEntry(pubkey, credentials, amount, signature, messageRoot, dataRoot, network));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(at + ": " + e.getMessage(), e);
      }
    }
    return entries;
  }

  private static String bare(Bytes bytes) {
    return Hex.encodeBare(bytes.toArray());
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return value.asText();
  }

  private static Bytes hex(JsonNode node, String field) {
    try {
      return Bytes.fromHex(text(node, field));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": " + e.getMessage(), e);
    }
  }
}
