package io.phalanx.consensus.dkg;

import com.google.protobuf.ByteString;
import io.phalanx.cluster.definition.DefinitionContent;
import io.phalanx.cluster.deposit.DepositDataEntry;
import io.phalanx.cluster.deposit.DepositDataFile;
import io.phalanx.cluster.identity.NodeIdentity;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.consensus.dkg.proto.Signatures;
import io.phalanx.spec.bls.Bls;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.bls.SignatureCheck;
import io.phalanx.spec.bls.ThresholdBls;
import io.phalanx.spec.util.Bytes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signatures step of a {@link DkgCeremony}, once the group keys are known: every node signs the
 * deposit messages and the lock hash with its new shares and the lock hash with its identity; the
 * partial signatures are verified, combined by threshold and verified against the group keys.
 */
final class OutcomeSignatures {
  /** Logged under the ceremony's name, which operators' logging configurations know. */
  private static final Logger LOG = LoggerFactory.getLogger(DkgCeremony.class);

  private final DefinitionContent content;
  private final int self;
  private final int n;
  private final int t;
  private final int validators;
  private final List<DistributedValidator> distributed;
  private final Bytes lockHash;
  private final Bytes credentials;
  private final List<Bytes> depositRoots;
  private final IntFunction<String> describe;

  /** The operators' signatures of the lock hash, in node order, and every validator's deposit. */
  record Combined(List<Bytes> lockSignatures, List<DepositDataEntry> deposits) {}

  /**
   * @param distributed the validators' group keys and public shares
   * @param describe names a node in messages
   */
  OutcomeSignatures(DefinitionContent content, int self, int threshold, List<DistributedValidator> distributed,
      Bytes lockHash, IntFunction<String> describe) {
    this.content = content;
    this.self = self;
    this.n = content.nodeCount();
    this.t = threshold;
    this.validators = distributed.size();
    this.distributed = distributed;
    this.lockHash = lockHash;
    this.describe = describe;
    this.credentials = DepositDataFile.executionWithdrawalCredentials(content.withdrawalAddress());
    List<Bytes> roots = new ArrayList<>(validators);
    for (int j = 0; j < validators; j++) {
      roots.add(DepositDataFile.signingRoot(distributed.get(j).groupPublicKey(), credentials,
          content.depositAmountGwei(), content.network()));
    }
    this.depositRoots = List.copyOf(roots);
  }

  /** This node's signatures: of the lock hash with its identity, of each deposit and the lock hash with its shares. */
  Signatures own(NodeIdentity identity, List<BlsSecretKey> shares) {
    Signatures.Builder sigs = Signatures.newBuilder()
        .setLockHash(ByteString.copyFrom(lockHash.toArray()))
        .setLockSignature(ByteString.copyFrom(identity.sign(lockHash).toArray()));
    for (int j = 0; j < validators; j++) {
      sigs.addDepositPartials(ByteString.copyFrom(shares.get(j).sign(depositRoots.get(j)).toBytes().toArray()));
      sigs.addLockPartials(ByteString.copyFrom(shares.get(j).sign(lockHash).toBytes().toArray()));
    }
    return sigs.build();
  }

  /**
   * Checks every node's signatures (this node's included) and combines T nodes' partials.
   *
   * @throws DkgAbortedException if a node computed another lock, its identity signature does not
   *     verify, fewer than T nodes' partials verify or the combined signatures do not
   */
  Combined combine(Map<Integer, Signatures> all) {
    List<Bytes> lockSignatures = new ArrayList<>();
    Map<Integer, List<BlsSignature>> depositPartials = new TreeMap<>();
    Map<Integer, List<BlsSignature>> lockPartials = new TreeMap<>();
    Map<Integer, List<SignatureCheck>> checksByPeer = new TreeMap<>();
    for (int p = 0; p < n; p++) {
      Signatures s = all.get(p);
      Bytes theirHash = Bytes.of(s.getLockHash().toByteArray());
      if (!theirHash.equals(lockHash)) {
        throw new DkgAbortedException(describe.apply(p) + " computed another lock (hash " + theirHash
            + ", this node's is " + lockHash + "): the nodes disagree on the outcome");
      }
      Bytes identitySignature = Bytes.of(s.getLockSignature().toByteArray());
      if (!content.operators().get(p).identityPublicKey().verify(lockHash, identitySignature)) {
        throw new DkgAbortedException(describe.apply(p) + "'s signature of the lock hash does not verify");
      }
      lockSignatures.add(identitySignature);
      List<BlsSignature> dp = decodePartials(s.getDepositPartialsList());
      List<BlsSignature> lp = decodePartials(s.getLockPartialsList());
      if (dp.size() != validators || lp.size() != validators) {
        LOG.warn("node {}: {} sent malformed partial signatures; not using them", self, describe.apply(p));
        continue;
      }
      depositPartials.put(p, dp);
      lockPartials.put(p, lp);
      if (p == self) {
        continue; // made here from shares that fit the public shares
      }
      List<SignatureCheck> checks = new ArrayList<>(2 * validators);
      for (int j = 0; j < validators; j++) {
        BlsPublicKey publicShare = distributed.get(j).publicShare(p);
        checks.add(new SignatureCheck(publicShare, depositRoots.get(j), dp.get(j)));
        checks.add(new SignatureCheck(publicShare, lockHash, lp.get(j)));
      }
      checksByPeer.put(p, checks);
    }
    // One batch for all peers: checks over the same message (the lock hash; one validator's
    // deposit) share a Miller loop. Only if it fails is each peer checked on its own.
    if (!Bls.batchVerify(checksByPeer.values().stream().flatMap(List::stream).toList())) {
      checksByPeer.forEach((p, checks) -> {
        if (!Bls.batchVerify(checks)) {
          LOG.warn("node {}: partial signatures of {} do not verify; not using them", self, describe.apply(p));
          depositPartials.remove(p);
          lockPartials.remove(p);
        }
      });
    }
    if (depositPartials.size() < t) {
      throw new DkgAbortedException("only " + depositPartials.size() + " nodes' partial signatures verify, "
          + t + " are needed");
    }
    List<Integer> signers = depositPartials.keySet().stream().limit(t).toList();
    List<DepositDataEntry> deposits = new ArrayList<>(validators);
    List<SignatureCheck> aggregates = new ArrayList<>(2 * validators);
    for (int j = 0; j < validators; j++) {
      Map<Integer, BlsSignature> dj = new TreeMap<>();
      Map<Integer, BlsSignature> lj = new TreeMap<>();
      for (int p : signers) {
        dj.put(p + 1, depositPartials.get(p).get(j));
        lj.put(p + 1, lockPartials.get(p).get(j));
      }
      BlsSignature deposit = ThresholdBls.combineSignatures(dj);
      BlsPublicKey group = distributed.get(j).groupPublicKey();
      aggregates.add(new SignatureCheck(group, depositRoots.get(j), deposit));
      aggregates.add(new SignatureCheck(group, lockHash, ThresholdBls.combineSignatures(lj)));
      deposits.add(DepositDataFile.entry(group, credentials, content.depositAmountGwei(), deposit,
          content.network()));
    }
    if (!Bls.batchVerify(aggregates)) {
      throw new DkgAbortedException("the combined deposit and lock signatures do not verify against the group keys");
    }
    return new Combined(lockSignatures, deposits);
  }

  private static List<BlsSignature> decodePartials(List<ByteString> raw) {
    List<BlsSignature> out = new ArrayList<>(raw.size());
    for (ByteString b : raw) {
      try {
        out.add(BlsSignature.fromBytes(Bytes.of(b.toByteArray())));
      } catch (IllegalArgumentException e) {
        return List.of(); // counted as not verifying
      }
    }
    return out;
  }
}
