package io.phalanx.cluster.definition;

import io.phalanx.cluster.files.SafeFiles;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * {@code cluster-definition.json}: the cluster its operators agree to create by a DKG ceremony
 * (name, network, threshold, number of validators, where rewards and withdrawals go, and the
 * operators in node order), the definition hash over that content ({@link DefinitionHash}), and
 * each operator's signature of the hash with its identity key, once it has signed.
 *
 * <p>{@link #load} and {@link #parse} check the structure and the hash and that every signature
 * present verifies; {@link #requireFullySigned()} adds that none is missing, as a ceremony needs.
 */
public record ClusterDefinition(DefinitionContent content, Bytes definitionHash, List<Optional<Bytes>> signatures) {
  public static final String VERSION = "phalanx-definition/v1";
  public static final String FILE_NAME = "cluster-definition.json";

  public ClusterDefinition {
    signatures = List.copyOf(signatures);
  }

  /** A new, unsigned definition. */
  public static ClusterDefinition of(DefinitionContent content) {
    return new ClusterDefinition(content, DefinitionHash.of(content),
        Collections.nCopies(content.nodeCount(), Optional.empty()));
  }

  /** Reads a definition and checks its hash and the signatures it has. */
  public static ClusterDefinition load(Path file) {
    ClusterDefinition definition = loadWithoutSignatureCheck(file);
    try {
      definition.verifyHashAndPresentSignatures();
    } catch (InvalidDefinitionException e) {
      throw new InvalidDefinitionException(file + ": " + e.getMessage(), e);
    }
    return definition;
  }

  /**
   * Reads a definition and checks its structure and hash but not its signatures, for a report of
   * which signatures are valid ({@link #signatureStatuses()}).
   */
  public static ClusterDefinition loadWithoutSignatureCheck(Path file) {
    String json;
    try {
      json = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidDefinitionException("cluster definition not found: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + file + ": " + e.getMessage(), e);
    }
    try {
      ClusterDefinition definition = DefinitionJson.read(json);
      definition.verifyHash();
      return definition;
    } catch (InvalidDefinitionException e) {
      throw new InvalidDefinitionException(file + ": " + e.getMessage(), e);
    }
  }

  /** Parses a definition and checks its hash and the signatures it has. */
  public static ClusterDefinition parse(String json) {
    ClusterDefinition definition = DefinitionJson.read(json);
    definition.verifyHashAndPresentSignatures();
    return definition;
  }

  public String toJson() {
    return DefinitionJson.write(this);
  }

  /** Writes the definition to {@code file} atomically. */
  public void write(Path file) {
    SafeFiles.writeString(file, toJson());
  }

  public List<Operator> operators() {
    return content.operators();
  }

  public int nodeCount() {
    return content.nodeCount();
  }

  public int threshold() {
    return content.threshold();
  }

  /**
   * The operator whose certificate {@code identity} holds.
   *
   * @throws IllegalArgumentException if it is none of them
   */
  public int operatorIndexOf(NodeIdentity identity) {
    for (int i = 0; i < operators().size(); i++) {
      if (operators().get(i).certificateFingerprint().equals(identity.certificateFingerprint())) {
        return i;
      }
    }
    throw new IllegalArgumentException("this node's identity (" + OperatorToken.of(identity, Optional.empty())
        + ") is not one of the definition's operators");
  }

  /** This definition with {@code identity}'s signature of the hash added (or replaced). */
  public ClusterDefinition signedBy(NodeIdentity identity) {
    int index = operatorIndexOf(identity);
    List<Optional<Bytes>> signed = new ArrayList<>(signatures);
    signed.set(index, Optional.of(identity.sign(definitionHash)));
    return new ClusterDefinition(content, definitionHash, signed);
  }

  /** One operator's signature: absent, present and valid, or present and invalid. */
  public enum SignatureStatus {
    MISSING,
    VALID,
    INVALID
  }

  public List<SignatureStatus> signatureStatuses() {
    List<SignatureStatus> out = new ArrayList<>();
    for (int i = 0; i < signatures.size(); i++) {
      Optional<Bytes> signature = signatures.get(i);
      out.add(signature.isEmpty() ? SignatureStatus.MISSING
          : operators().get(i).identityPublicKey().verify(definitionHash, signature.get()) ? SignatureStatus.VALID
          : SignatureStatus.INVALID);
    }
    return out;
  }

  /**
   * Checks that the hash is that of the content and that every signature present verifies.
   *
   * @throws InvalidDefinitionException naming the check that failed
   */
  public void verifyHashAndPresentSignatures() {
    verifyHash();
    List<SignatureStatus> statuses = signatureStatuses();
    for (int i = 0; i < statuses.size(); i++) {
      if (statuses.get(i) == SignatureStatus.INVALID) {
        throw new InvalidDefinitionException("the signature of operator " + i + " (" + operators().get(i).identityPublicKey()
            + ") does not verify over the definition hash");
      }
    }
  }

  private void verifyHash() {
    Bytes expected = DefinitionHash.of(content);
    if (!expected.equals(definitionHash)) {
      throw new InvalidDefinitionException(
          "definition hash mismatch: the file says " + definitionHash + " but its content hashes to " + expected
              + " (the definition was edited after it was made; ask its creator for the original)");
    }
    if (signatures.size() != nodeCount()) {
      throw new InvalidDefinitionException(
          signatures.size() + " signature entries for " + nodeCount() + " operators");
    }
  }

  /**
   * Checks everything a ceremony needs: the hash, and a valid signature from every operator.
   *
   * @throws InvalidDefinitionException naming the first operator whose signature is missing or bad
   */
  public void requireFullySigned() {
    verifyHashAndPresentSignatures();
    List<SignatureStatus> statuses = signatureStatuses();
    for (int i = 0; i < statuses.size(); i++) {
      if (statuses.get(i) != SignatureStatus.VALID) {
        throw new InvalidDefinitionException("operator " + i + " (" + operators().get(i).identityPublicKey()
            + ") has not signed the definition; every operator runs 'phalanx definition sign' first");
      }
    }
  }
}
