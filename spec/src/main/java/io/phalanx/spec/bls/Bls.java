package io.phalanx.spec.bls;

import io.phalanx.spec.util.Bytes;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import supranational.blst.BLST_ERROR;
import supranational.blst.P1;
import supranational.blst.P2;
import supranational.blst.P2_Affine;
import supranational.blst.Pairing;

/**
 * Aggregation and the multi-signature verifications of the Eth2 BLS spec, plus batch
 * verification.
 */
public final class Bls {
  /**
   * Batch verification weights each signature by a random scalar so that signatures which are
   * wrong individually cannot cancel out in the sum; 64 bits bound a forger's chance by 2^-64.
   */
  private static final int BATCH_SCALAR_BYTES = 8;

  private static final SecureRandom BATCH_RANDOM = new SecureRandom();

  private Bls() {}

  /**
   * The spec's Aggregate: the sum of the signatures.
   *
   * @throws IllegalArgumentException if {@code sigs} is empty
   */
  public static BlsSignature aggregate(List<BlsSignature> sigs) {
    requireNonEmpty(sigs, "signatures");
    P2 sum = new P2();
    for (BlsSignature sig : sigs) {
      // add, not blst's aggregate: that one re-checks the subgroup, done at deserialization.
      sum.add(sig.point());
    }
    return BlsSignature.fromPoint(sum);
  }

  /**
   * The spec's eth_aggregate_pubkeys: the sum of the keys.
   *
   * @throws IllegalArgumentException if {@code pks} is empty or the keys sum to infinity
   */
  public static BlsPublicKey aggregatePublicKeys(List<BlsPublicKey> pks) {
    requireNonEmpty(pks, "public keys");
    return BlsPublicKey.fromPoint(sum(pks));
  }

  /** The spec's FastAggregateVerify: all keys signed the same message; false for no keys. */
  public static boolean fastAggregateVerify(
      List<BlsPublicKey> pks, Bytes message, BlsSignature sig) {
    if (pks.isEmpty()) {
      return false;
    }
    // blst refuses an aggregate key at infinity, which keys that cancel out would produce.
    return sig.verify(sum(pks).to_affine(), message);
  }

  /**
   * The spec's AggregateVerify: key i signed message i. Under the proof-of-possession scheme the
   * messages need not be distinct. False for no keys or for lists of different lengths.
   */
  public static boolean aggregateVerify(
      List<BlsPublicKey> pks, List<Bytes> messages, BlsSignature sig) {
    if (pks.isEmpty() || pks.size() != messages.size()) {
      return false;
    }
    Pairing pairing = new Pairing(true, Bls12381.POP_DST);
    for (int i = 0; i < pks.size(); i++) {
      // The aggregate signature enters the product once, alongside the first pair.
      P2_Affine sigOnce = i == 0 ? sig.point() : null;
      if (pairing.aggregate(pks.get(i).point(), sigOnce, messages.get(i).toArray())
          != BLST_ERROR.BLST_SUCCESS) {
        return false;
      }
    }
    pairing.commit();
    return pairing.finalverify();
  }

  /**
   * True only if every check holds (up to a 2^-64 chance of accepting a bad batch), in one
   * multi-pairing. A false answer does not say which check failed; verify them one by one to
   * find out. False for an empty batch, which proves nothing.
   *
   * <p>Checks over the same message share one hash-to-curve and one Miller loop: for weights
   * c_i, the product of e(c_i pk_i, H(m)) is e(sum of c_i pk_i, H(m)). In a distributed
   * validator most checks in a batch are partial signatures over a few signing roots, so this is
   * the common case.
   */
  public static boolean batchVerify(List<SignatureCheck> checks) {
    if (checks.isEmpty()) {
      return false;
    }
    Map<Bytes, List<SignatureCheck>> byMessage = new LinkedHashMap<>();
    for (SignatureCheck check : checks) {
      byMessage.computeIfAbsent(check.message(), m -> new ArrayList<>()).add(check);
    }
    Pairing pairing = new Pairing(true, Bls12381.POP_DST);
    for (Map.Entry<Bytes, List<SignatureCheck>> group : byMessage.entrySet()) {
      P1 weightedKeys = new P1();
      P2 weightedSignatures = new P2();
      for (SignatureCheck check : group.getValue()) {
        BigInteger weight = randomBatchWeight();
        weightedKeys.add(check.publicKey().point().to_jacobian().mult(weight));
        weightedSignatures.add(check.signature().point().to_jacobian().mult(weight));
      }
      // An infinite weighted key sum (chance 2^-64 for honest keys) is refused by blst: the
      // batch is then reported as failing, and the caller's one-by-one fallback decides.
      if (pairing.aggregate(
              weightedKeys.to_affine(), weightedSignatures.to_affine(), group.getKey().toArray())
          != BLST_ERROR.BLST_SUCCESS) {
        return false;
      }
    }
    pairing.commit();
    return pairing.finalverify();
  }

  private static BigInteger randomBatchWeight() {
    byte[] bytes = new byte[BATCH_SCALAR_BYTES];
    BigInteger weight;
    do {
      BATCH_RANDOM.nextBytes(bytes);
      weight = new BigInteger(1, bytes);
    } while (weight.signum() == 0);
    return weight;
  }

  private static P1 sum(List<BlsPublicKey> pks) {
    P1 sum = new P1();
    for (BlsPublicKey pk : pks) {
      sum.add(pk.point());
    }
    return sum;
  }

  private static void requireNonEmpty(List<?> list, String what) {
    if (list.isEmpty()) {
      throw new IllegalArgumentException("cannot aggregate an empty list of " + what);
    }
  }
}
