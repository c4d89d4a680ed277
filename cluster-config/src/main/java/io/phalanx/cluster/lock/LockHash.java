package io.phalanx.cluster.lock;

import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.ssz.Ssz;
import io.phalanx.spec.ssz.SszContainer;
import io.phalanx.spec.ssz.SszType;
import io.phalanx.spec.util.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The lock hash: the SSZ hash_tree_root of the lock's content, so that it is defined by a schema
 * rather than by how a JSON library happens to print. The schema, in the consensus specs'
 * notation:
 *
 * <pre>
 * class Operator(Container):
 *     identity_public_key: ByteVector[33]      # compressed P-256 point
 *     certificate_fingerprint: Bytes32         # SHA-256 of the certificate's DER
 *     address: ByteList[256]                   # UTF-8 host:port, empty when unknown
 * class Validator(Container):
 *     public_key: Bytes48
 *     public_shares: List[Bytes48, 256]        # node order
 *     fee_recipient: ByteVector[20]
 *     withdrawal_address: ByteVector[20]
 * class LockContent(Container):
 *     version: ByteList[64]                    # UTF-8
 *     name: ByteList[256]                      # UTF-8
 *     network_name: ByteList[64]               # UTF-8
 *     genesis_fork_version: ByteVector[4]
 *     genesis_validators_root: Bytes32
 *     threshold: uint64
 *     operators: List[Operator, 256]
 *     validators: List[Validator, 65536]
 *     created_at: ByteList[64]                 # UTF-8 ISO-8601
 * </pre>
 */
public final class LockHash {
  public static final int MAX_OPERATORS = 256;
  public static final int MAX_VALIDATORS = 65536;
  public static final int MAX_NAME_BYTES = 256;

  private static final SszType<Bytes> TEXT_64 = Ssz.byteList(64);

  private record OperatorView(Bytes identityPublicKey, Bytes certificateFingerprint, Bytes address) {}

  private record ValidatorView(
      Bytes publicKey, List<Bytes> publicShares, Bytes feeRecipient, Bytes withdrawalAddress) {}

  private record ContentView(
      Bytes version,
      Bytes name,
      Bytes networkName,
      Bytes genesisForkVersion,
      Bytes genesisValidatorsRoot,
      long threshold,
      List<OperatorView> operators,
      List<ValidatorView> validators,
      Bytes createdAt) {}

  private static final SszContainer<OperatorView> OPERATOR =
      SszContainer.builder(OperatorView.class)
          .field("identity_public_key", Ssz.byteVector(33), OperatorView::identityPublicKey)
          .field("certificate_fingerprint", Ssz.BYTES32, OperatorView::certificateFingerprint)
          .field("address", Ssz.byteList(Operator.MAX_ADDRESS_LENGTH), OperatorView::address)
          .build(v -> new OperatorView(v.next(), v.next(), v.next()));

  private static final SszContainer<ValidatorView> VALIDATOR =
      SszContainer.builder(ValidatorView.class)
          .field("public_key", Ssz.BYTES48, ValidatorView::publicKey)
          .field("public_shares", Ssz.list(Ssz.BYTES48, MAX_OPERATORS), ValidatorView::publicShares)
          .field("fee_recipient", Ssz.BYTES20, ValidatorView::feeRecipient)
          .field("withdrawal_address", Ssz.BYTES20, ValidatorView::withdrawalAddress)
          .build(v -> new ValidatorView(v.next(), v.next(), v.next(), v.next()));

  private static final SszContainer<ContentView> CONTENT =
      SszContainer.builder(ContentView.class)
          .field("version", TEXT_64, ContentView::version)
          .field("name", Ssz.byteList(MAX_NAME_BYTES), ContentView::name)
          .field("network_name", TEXT_64, ContentView::networkName)
          .field("genesis_fork_version", Ssz.BYTES4, ContentView::genesisForkVersion)
          .field("genesis_validators_root", Ssz.BYTES32, ContentView::genesisValidatorsRoot)
          .field("threshold", Ssz.UINT64, ContentView::threshold)
          .field("operators", Ssz.list(OPERATOR, MAX_OPERATORS), ContentView::operators)
          .field("validators", Ssz.list(VALIDATOR, MAX_VALIDATORS), ContentView::validators)
          .field("created_at", TEXT_64, ContentView::createdAt)
          .build(v -> new ContentView(v.next(), v.next(), v.next(), v.next(), v.next(), v.next(),
              v.next(), v.next(), v.next()));

  private LockHash() {}

  /**
   * The lock hash of {@code content}.
   *
   * @throws InvalidClusterLockException if the content does not fit the schema (a name too long,
   *     too many operators), naming the field
   */
  public static Bytes of(LockContent content) {
    ContentView view = new ContentView(
        utf8(content.version()),
        utf8(content.name()),
        utf8(content.network().name()),
        content.network().genesisForkVersion(),
        content.network().genesisValidatorsRoot(),
        content.threshold(),
        content.operators().stream()
            .map(o -> new OperatorView(
                o.identityPublicKey().compressed(), o.certificateFingerprint(), utf8(o.address().orElse(""))))
            .toList(),
        content.validators().stream()
            .map(v -> new ValidatorView(
                v.groupPublicKey().toBytes(),
                v.publicShares().stream().map(BlsPublicKey::toBytes).toList(),
                v.feeRecipient(),
                v.withdrawalAddress()))
            .toList(),
        utf8(content.createdAt()));
    try {
      return CONTENT.hashTreeRoot(view);
    } catch (IllegalArgumentException e) {
      throw new InvalidClusterLockException("the lock content does not fit its schema: " + e.getMessage(), e);
    }
  }

  private static Bytes utf8(String s) {
    return Bytes.of(s.getBytes(StandardCharsets.UTF_8));
  }
}
