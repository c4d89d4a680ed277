package io.phalanx.cluster.definition;

import io.phalanx.cluster.lock.LockHash;
import io.phalanx.cluster.lock.Operator;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The definition hash: the SSZ hash_tree_root of a definition's content (everything but the
 * hash and the operators' signatures), as {@link LockHash} does for the lock. The schema:
 *
 * <pre>
 * class Operator(Container):
 *     identity_public_key: ByteVector[33]      # compressed P-256 point
 *     certificate_fingerprint: Bytes32         # SHA-256 of the certificate's DER
 *     address: ByteList[256]                   # UTF-8 host:port, empty when unknown
 * class DefinitionContent(Container):
 *     version: ByteList[64]                    # UTF-8 "phalanx-definition/v1"
 *     name: ByteList[256]                      # UTF-8
 *     network_name: ByteList[64]               # UTF-8
 *     genesis_fork_version: ByteVector[4]
 *     genesis_validators_root: Bytes32
 *     threshold: uint64
 *     validator_count: uint64
 *     fee_recipient: ByteVector[20]
 *     withdrawal_address: ByteVector[20]
 *     deposit_amount_gwei: uint64
 *     operators: List[Operator, 256]           # node order
 *     created_at: ByteList[64]                 # UTF-8 ISO-8601
 * </pre>
 */
public final class DefinitionHash {
  private static final SszType<Bytes> TEXT_64 = Ssz.byteList(64);

  private record OperatorView(Bytes identityPublicKey, Bytes certificateFingerprint, Bytes address) {}

  private record ContentView(
      Bytes version,
      Bytes name,
      Bytes networkName,
      Bytes genesisForkVersion,
      Bytes genesisValidatorsRoot,
      long threshold,
      long validatorCount,
      Bytes feeRecipient,
      Bytes withdrawalAddress,
      long depositAmountGwei,
      List<OperatorView> operators,
      Bytes createdAt) {}

  private static final SszContainer<OperatorView> OPERATOR =
      SszContainer.builder(OperatorView.class)
          .field("identity_public_key", Ssz.byteVector(33), OperatorView::identityPublicKey)
          .field("certificate_fingerprint", Ssz.BYTES32, OperatorView::certificateFingerprint)
          .field("address", Ssz.byteList(Operator.MAX_ADDRESS_LENGTH), OperatorView::address)
          .build(v -> new OperatorView(v.next(), v.next(), v.next()));

  private static final SszContainer<ContentView> CONTENT =
      SszContainer.builder(ContentView.class)
          .field("version", TEXT_64, ContentView::version)
          .field("name", Ssz.byteList(LockHash.MAX_NAME_BYTES), ContentView::name)
          .field("network_name", TEXT_64, ContentView::networkName)
          .field("genesis_fork_version", Ssz.BYTES4, ContentView::genesisForkVersion)
          .field("genesis_validators_root", Ssz.BYTES32, ContentView::genesisValidatorsRoot)
          .field("threshold", Ssz.UINT64, ContentView::threshold)
          .field("validator_count", Ssz.UINT64, ContentView::validatorCount)
          .field("fee_recipient", Ssz.BYTES20, ContentView::feeRecipient)
          .field("withdrawal_address", Ssz.BYTES20, ContentView::withdrawalAddress)
          .field("deposit_amount_gwei", Ssz.UINT64, ContentView::depositAmountGwei)
          .field("operators", Ssz.list(OPERATOR, LockHash.MAX_OPERATORS), ContentView::operators)
          .field("created_at", TEXT_64, ContentView::createdAt)
          .build(v -> new ContentView(v.next(), v.next(), v.next(), v.next(), v.next(), v.next(), v.next(),
              v.next(), v.next(), v.next(), v.next(), v.next()));

  private DefinitionHash() {}

  /**
   * The definition hash of {@code content}.
   *
   * @throws InvalidDefinitionException if the content does not fit the schema, naming the field
   */
  public static Bytes of(DefinitionContent content) {
    ContentView view = new ContentView(
        utf8(content.version()),
        utf8(content.name()),
        utf8(content.network().name()),
        content.network().genesisForkVersion(),
        content.network().genesisValidatorsRoot(),
        content.threshold(),
        content.validatorCount(),
        content.feeRecipient(),
        content.withdrawalAddress(),
        content.depositAmountGwei(),
        content.operators().stream()
            .map(o -> new OperatorView(
                o.identityPublicKey().compressed(), o.certificateFingerprint(), utf8(o.address().orElse(""))))
            .toList(),
        utf8(content.createdAt()));
    try {
      return CONTENT.hashTreeRoot(view);
    } catch (IllegalArgumentException e) {
      throw new InvalidDefinitionException("the definition does not fit its schema: " + e.getMessage(), e);
    }
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }
}
