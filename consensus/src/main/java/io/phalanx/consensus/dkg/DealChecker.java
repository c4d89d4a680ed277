package io.phalanx.consensus.dkg;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.phalanx.cluster.definition.ClusterDefinition;
import io.phalanx.cluster.definition.DefinitionContent;
import io.phalanx.consensus.dkg.proto.Deal;
import io.phalanx.consensus.dkg.proto.SignedDeal;
import io.phalanx.consensus.dkg.proto.ValidatorDeal;
import io.phalanx.consensus.dkg.proto.Verdict;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.Feldman;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verdict step of a {@link DkgCeremony}, as one node sees it: checks the deals the dealers sent
 * (to this node, or to a peer that complained with the dealer's signed deal as proof) and, from
 * every node's verdict, decides which dealers are excluded.
 */
final class DealChecker {
  /** Logged under the ceremony's name, which operators' logging configurations know. */
  private static final Logger LOG = LoggerFactory.getLogger(DkgCeremony.class);

  private final Bytes definitionHash;
  private final DefinitionContent content;
  private final int self;
  private final int n;
  private final int t;
  private final int validators;

  DealChecker(ClusterDefinition definition, int self) {
    this.definitionHash = definition.definitionHash();
    this.content = definition.content();
    this.self = self;
    this.n = definition.nodeCount();
    this.t = definition.threshold();
    this.validators = content.validatorCount();
  }

  /** A deal as one recipient checked it; {@code problem} is null when every share fits. */
  record CheckedDeal(Bytes digest, List<List<BlsPublicKey>> commitments, List<BlsSecretKey> shares,
      String problem) {}

  /**
   * A deal that is not this ceremony's, from its dealer to this node, proves nothing to others, so
   * no complaint can exclude the dealer: the ceremony stops, naming it.
   */
  void requireAddressedHere(int d, SignedDeal signed) {
    Deal deal;
    try {
      deal = Deal.parseFrom(signed.getDeal());
    } catch (InvalidProtocolBufferException e) {
      return; // a signed but unreadable deal is proof enough: complained about in check
    }
    if (!Bytes.of(deal.getDefinitionHash().toByteArray()).equals(definitionHash)
        || deal.getDealer() != d || deal.getRecipient() != self) {
      throw new DkgAbortedException("node " + d + " sent this node a deal for another definition, dealer or"
          + " recipient (dealer " + deal.getDealer() + ", recipient " + deal.getRecipient() + ")");
    }
  }

  /**
   * Checks dealer {@code d}'s deal to {@code recipient}: addressed right, for this definition, T
   * valid commitments and a share fitting them for every validator.
   */
  CheckedDeal check(int d, int recipient, SignedDeal signed) {
    Deal deal;
    try {
      deal = Deal.parseFrom(signed.getDeal());
    } catch (InvalidProtocolBufferException e) {
      return new CheckedDeal(Bytes.of(Sha256.hash(signed.getDeal().toByteArray())), List.of(), List.of(),
          "the deal is not a valid message");
    }
    byte[] all = deal.getValidatorsList().stream()
        .flatMap(v -> v.getCommitmentsList().stream())
        .reduce(ByteString.EMPTY, ByteString::concat).toByteArray();
    Bytes digest = Bytes.of(Sha256.hash(all));
    if (!Bytes.of(deal.getDefinitionHash().toByteArray()).equals(definitionHash)
        || deal.getDealer() != d || deal.getRecipient() != recipient) {
      return new CheckedDeal(digest, List.of(), List.of(), "the deal is for another definition, dealer or recipient");
    }
    if (deal.getValidatorsCount() != validators) {
      return new CheckedDeal(digest, List.of(), List.of(),
          "the deal has " + deal.getValidatorsCount() + " validators, not " + validators);
    }
    List<List<BlsPublicKey>> commitments = new ArrayList<>(validators);
    List<BlsSecretKey> shares = new ArrayList<>(validators);
    for (int j = 0; j < validators; j++) {
      ValidatorDeal v = deal.getValidators(j);
      try {
        if (v.getCommitmentsCount() != t) {
          throw new IllegalArgumentException(v.getCommitmentsCount() + " commitments, not " + t);
        }
        List<BlsPublicKey> c = new ArrayList<>(t);
        for (ByteString bytes : v.getCommitmentsList()) {
          c.add(BlsPublicKey.fromBytes(Bytes.of(bytes.toByteArray())));
        }
        BlsSecretKey share = BlsSecretKey.fromBytes(Bytes.of(v.getShare().toByteArray()));
        if (!Feldman.verifyShare(c, recipient + 1, share)) {
          throw new IllegalArgumentException("the share does not match the commitments");
        }
        commitments.add(List.copyOf(c));
        shares.add(share);
      } catch (IllegalArgumentException e) {
        return new CheckedDeal(digest, List.of(), List.of(), "validator " + j + ": " + e.getMessage());
      }
    }
    return new CheckedDeal(digest, commitments, shares, null);
  }

  /** The excluded dealers with the reason, from every node's verdict (this node's included). */
  Map<Integer, String> qualify(Map<Integer, Verdict> verdicts, Map<Integer, CheckedDeal> checked) {
    Map<Integer, String> excluded = new TreeMap<>();
    for (int p = 0; p < n; p++) {
      if (verdicts.get(p).getCommitmentDigestsCount() != n) {
        throw new DkgAbortedException("node " + p + " sent a verdict on " + verdicts.get(p).getCommitmentDigestsCount()
            + " dealers, not " + n);
      }
    }
    for (int d = 0; d < n; d++) {
      ByteString mine = verdicts.get(self).getCommitmentDigests(d);
      for (int p = 0; p < n; p++) {
        if (!verdicts.get(p).getCommitmentDigests(d).equals(mine)) {
          excluded.putIfAbsent(d, "node " + d + " sent node " + p + " other commitments than node " + self);
        }
      }
    }
    for (int c = 0; c < n; c++) {
      for (SignedDeal evidence : verdicts.get(c).getComplaintsList()) {
        Deal deal;
        try {
          deal = Deal.parseFrom(evidence.getDeal());
        } catch (InvalidProtocolBufferException e) {
          LOG.warn("node {}: node {} sent an unreadable complaint; ignored", self, c);
          continue;
        }
        int d = deal.getDealer();
        boolean signedByDealer = d >= 0 && d < n && content.operators().get(d).identityPublicKey()
            .verify(Bytes.of(evidence.getDeal().toByteArray()), Bytes.of(evidence.getSignature().toByteArray()));
        // A deal of another definition would prove nothing about this ceremony.
        boolean thisCeremony = Bytes.of(deal.getDefinitionHash().toByteArray()).equals(definitionHash);
        if (!signedByDealer || deal.getRecipient() != c || !thisCeremony) {
          LOG.warn("node {}: node {} complained without a deal signed by the dealer; ignored", self, c);
          continue;
        }
        String problem = check(d, c, evidence).problem();
        if (problem != null) {
          excluded.putIfAbsent(d, "node " + d + " dealt node " + c + " a bad share (" + problem + ")");
        } else {
          LOG.warn("node {}: node {}'s complaint against node {} is unfounded; ignored", self, c, d);
        }
      }
    }
    for (int d = 0; d < n; d++) {
      // This node's own complaints are in its own verdict and proven by construction.
      if (checked.get(d).problem() != null && !excluded.containsKey(d)) {
        throw new IllegalStateException("dealer " + d + " dealt a bad share but is not excluded");
      }
    }
    return excluded;
  }

  static String describeExcluded(Map<Integer, String> excluded) {
    List<String> parts = new ArrayList<>();
    excluded.forEach((d, why) -> parts.add("dealer node " + d + " excluded: " + why));
    return String.join("; ", parts);
  }
}
