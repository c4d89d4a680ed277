package io.phalanx.consensus.dkg;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.phalanx.cluster.definition.ClusterDefinition;
import io.phalanx.cluster.definition.DefinitionContent;
import io.phalanx.cluster.deposit.DepositDataEntry;
import io.phalanx.cluster.deposit.DepositDataFile;
import io.phalanx.cluster.dkg.DkgNodeFiles;
import io.phalanx.cluster.lock.ClusterLock;
import io.phalanx.cluster.lock.DistributedValidator;
import io.phalanx.cluster.lock.LockContent;
import io.phalanx.cluster.lock.LockHash;
import io.phalanx.consensus.dkg.proto.Deal;
import io.phalanx.consensus.dkg.proto.DkgMessage;
import io.phalanx.consensus.dkg.proto.Done;
import io.phalanx.consensus.dkg.proto.Hello;
import io.phalanx.consensus.dkg.proto.SignedDeal;
import io.phalanx.consensus.dkg.proto.Signatures;
import io.phalanx.consensus.dkg.proto.ValidatorDeal;
import io.phalanx.consensus.dkg.proto.Verdict;
import io.phalanx.consensus.tls.PinnedPeers;
import io.phalanx.spec.bls.Bls;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.bls.Feldman;
import io.phalanx.spec.bls.SignatureCheck;
import io.phalanx.spec.bls.ThresholdBls;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Sha256;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.IntFunction;

/**
 * One node's side of the distributed key generation: Feldman VSS per validator, every operator a
 * dealer (Pedersen's DKG with signed deals as the evidence of a complaint).
 *
 * <ol>
 *   <li><b>hello</b>: every node shows every peer its definition hash; a peer with another
 *       definition stops the ceremony everywhere.
 *   <li><b>deal</b>: for each validator the node draws a random polynomial of degree T-1 and sends
 *       each peer, privately over TLS, the commitments to its coefficients and the peer's share,
 *       signed with its identity key.
 *   <li><b>verdict</b>: each node checks its shares against the commitments and tells everyone
 *       a digest of each dealer's commitments and its complaints, with the dealer's signed deal as
 *       proof. A dealer with a proven complaint, or whose commitments differ between nodes, is
 *       excluded. If fewer than N-T+1 dealers remain (so that one of them is surely honest), the
 *       ceremony stops, naming them.
 *   <li><b>signatures</b>: each node's key share is the sum of the qualified dealers' shares; the
 *       group key is the sum of their constant-term commitments. Every node signs the deposit
 *       messages and the lock hash with its new shares and the lock hash with its identity; the
 *       partial signatures are verified, combined by threshold and verified against the group
 *       keys.
 *   <li><b>done</b>: every node tells every other that it verified the outcome; only then is
 *       there a result to write.
 * </ol>
 *
 * No node ever holds a group secret: it only ever sees its own shares.
 */
public final class DkgCeremony {
  private static final Logger LOG = System.getLogger(DkgCeremony.class.getName());

  private final DkgConfig config;
  private final ClusterDefinition definition;
  private final DefinitionContent content;
  private final int self;
  private final int n;
  private final int t;
  private final int validators;
  private final Set<Integer> peers = new HashSet<>();

  /**
   * Checks everything that can be checked alone: the definition is intact and signed by every
   * operator, this identity is one of them.
   *
   * @throws IllegalArgumentException naming what is wrong, before anything listens or connects
   */
  public DkgCeremony(DkgConfig config) {
    this.config = config;
    this.definition = config.definition();
    definition.requireFullySigned();
    this.content = definition.content();
    this.self = definition.operatorIndexOf(config.identity());
    this.n = definition.nodeCount();
    this.t = definition.threshold();
    this.validators = content.validatorCount();
    for (int i = 0; i < n; i++) {
      if (i != self) {
        peers.add(i);
      }
    }
  }

  public int nodeIndex() {
    return self;
  }

  /**
   * Runs the ceremony with the peers and returns its verified outcome; writes nothing.
   *
   * @throws DkgAbortedException naming the peer and the reason when the ceremony stops
   */
  public DkgResult run() {
    DkgTransport transport = new DkgTransport(self, definition.definitionHash(),
        new PinnedPeers(definition.operators(), config.identity()), config.bindAddress(), config.peerAddresses());
    transport.start();
    try {
      return new Run(transport).run();
    } catch (DkgAbortedException e) {
      if (!e.fromPeer()) {
        transport.abortAll("node " + self + ": " + e.getMessage());
      }
      throw e;
    } finally {
      transport.close();
    }
  }

  /** The state of one run. */
  private final class Run {
    private final DkgTransport transport;
    private final ByteString hash;

    Run(DkgTransport transport) {
      this.transport = transport;
      this.hash = ByteString.copyFrom(definition.definitionHash().toArray());
    }

    DkgResult run() {
      round("hello", DkgMessage.PayloadCase.HELLO, p -> message().setHello(Hello.getDefaultInstance()).build());
      LOG.log(Level.INFO, "node {0}: all {1} operators are here; dealing {2} validators", self, n, validators);

      // deal
      List<Feldman.Polynomial> polynomials = new ArrayList<>(validators);
      for (int j = 0; j < validators; j++) {
        polynomials.add(Feldman.deal(t, n, config.random()));
      }
      Map<Integer, SignedDeal> outgoing = new TreeMap<>();
      for (int i = 0; i < n; i++) {
        List<Feldman.Polynomial> forPeer = polynomials;
        if (i != self && config.dealerFault().equivocateTo(i)) {
          forPeer = new ArrayList<>(validators);
          for (int j = 0; j < validators; j++) {
            forPeer.add(Feldman.deal(t, n, config.random()));
          }
        }
        outgoing.put(i, signedDeal(forPeer, i));
      }
      Map<Integer, DkgMessage> deals = round("deal", DkgMessage.PayloadCase.DEAL,
          p -> message().setDeal(outgoing.get(p)).build());
      Map<Integer, SignedDeal> received = new TreeMap<>();
      received.put(self, outgoing.get(self));
      deals.forEach((p, m) -> received.put(p, m.getDeal()));

      // verdict
      Map<Integer, CheckedDeal> checked = new TreeMap<>();
      Verdict.Builder verdict = Verdict.newBuilder();
      for (int d = 0; d < n; d++) {
        SignedDeal signed = received.get(d);
        if (!content.operators().get(d).identityPublicKey().verify(Bytes.of(signed.getDeal().toByteArray()),
            Bytes.of(signed.getSignature().toByteArray()))) {
          throw new DkgAbortedException(transport.describe(d) + " sent a deal whose signature does not verify"
              + " under its identity key");
        }
        requireAddressedHere(d, signed);
        CheckedDeal c = check(d, self, signed);
        checked.put(d, c);
        verdict.addCommitmentDigests(ByteString.copyFrom(c.digest().toArray()));
        if (c.problem() != null) {
          LOG.log(Level.WARNING, "node {0}: complaint against {1}: {2}", self, transport.describe(d), c.problem());
          verdict.addComplaints(signed);
        }
      }
      Verdict own = verdict.build();
      Map<Integer, DkgMessage> verdictMessages = round("verdict", DkgMessage.PayloadCase.VERDICT,
          p -> message().setVerdict(own).build());
      Map<Integer, Verdict> verdicts = new TreeMap<>();
      verdicts.put(self, own);
      verdictMessages.forEach((p, m) -> verdicts.put(p, m.getVerdict()));
      Map<Integer, String> excluded = qualify(verdicts, checked);
      List<Integer> qualified = new ArrayList<>();
      for (int d = 0; d < n; d++) {
        if (!excluded.containsKey(d)) {
          qualified.add(d);
        }
      }
      int needed = n - t + 1;
      if (qualified.size() < needed) {
        throw new DkgAbortedException("too few honest dealers: " + describeExcluded(excluded) + "; " + qualified.size()
            + " remain but " + needed + " are needed (N - T + 1) so that one of them is surely honest");
      }
      excluded.forEach((d, why) -> LOG.log(Level.WARNING, "node {0}: excluded dealer {1}: {2}", self,
          transport.describe(d), why));

      // shares, group keys and public shares
      List<BlsSecretKey> shares = new ArrayList<>(validators);
      List<DistributedValidator> distributed = new ArrayList<>(validators);
      for (int j = 0; j < validators; j++) {
        List<List<BlsPublicKey>> commitments = new ArrayList<>();
        List<BlsSecretKey> mine = new ArrayList<>();
        for (int d : qualified) {
          commitments.add(checked.get(d).commitments().get(j));
          mine.add(checked.get(d).shares().get(j));
        }
        List<BlsPublicKey> summed = Feldman.sumCommitments(commitments);
        List<BlsPublicKey> publicShares = new ArrayList<>(n);
        for (int x = 1; x <= n; x++) {
          publicShares.add(Feldman.evaluate(summed, x));
        }
        BlsSecretKey share = Feldman.sumShares(mine);
        if (!share.publicKey().equals(publicShares.get(self))) {
          throw new IllegalStateException("own share of validator " + j + " does not fit the public shares");
        }
        shares.add(share);
        distributed.add(new DistributedValidator(summed.get(0), publicShares, content.feeRecipient(),
            content.withdrawalAddress()));
      }
      LockContent lockContent = DkgNodeFiles.lockContent(definition, distributed);
      Bytes lockHash = LockHash.of(lockContent);

      // signatures
      Bytes credentials = DepositDataFile.executionWithdrawalCredentials(content.withdrawalAddress());
      List<Bytes> depositRoots = new ArrayList<>(validators);
      Signatures.Builder sigs = Signatures.newBuilder()
          .setLockHash(ByteString.copyFrom(lockHash.toArray()))
          .setLockSignature(ByteString.copyFrom(config.identity().sign(lockHash).toArray()));
      for (int j = 0; j < validators; j++) {
        Bytes root = DepositDataFile.signingRoot(distributed.get(j).groupPublicKey(), credentials,
            content.depositAmountGwei(), content.network());
        depositRoots.add(root);
        sigs.addDepositPartials(ByteString.copyFrom(shares.get(j).sign(root).toBytes().toArray()));
        sigs.addLockPartials(ByteString.copyFrom(shares.get(j).sign(lockHash).toBytes().toArray()));
      }
      Signatures ownSigs = sigs.build();
      Map<Integer, DkgMessage> sigMessages = round("signatures", DkgMessage.PayloadCase.SIGNATURES,
          p -> message().setSignatures(ownSigs).build());
      Map<Integer, Signatures> all = new TreeMap<>();
      all.put(self, ownSigs);
      sigMessages.forEach((p, m) -> all.put(p, m.getSignatures()));

      List<Bytes> lockSignatures = new ArrayList<>();
      Map<Integer, List<BlsSignature>> depositPartials = new TreeMap<>();
      Map<Integer, List<BlsSignature>> lockPartials = new TreeMap<>();
      Map<Integer, List<SignatureCheck>> checksByPeer = new TreeMap<>();
      for (int p = 0; p < n; p++) {
        Signatures s = all.get(p);
        Bytes theirHash = Bytes.of(s.getLockHash().toByteArray());
        if (!theirHash.equals(lockHash)) {
          throw new DkgAbortedException(transport.describe(p) + " computed another lock (hash " + theirHash
              + ", this node's is " + lockHash + "): the nodes disagree on the outcome");
        }
        Bytes identitySignature = Bytes.of(s.getLockSignature().toByteArray());
        if (!content.operators().get(p).identityPublicKey().verify(lockHash, identitySignature)) {
          throw new DkgAbortedException(transport.describe(p) + "'s signature of the lock hash does not verify");
        }
        lockSignatures.add(identitySignature);
        List<BlsSignature> dp = decodePartials(s.getDepositPartialsList(), p);
        List<BlsSignature> lp = decodePartials(s.getLockPartialsList(), p);
        if (dp.size() != validators || lp.size() != validators) {
          LOG.log(Level.WARNING, "node {0}: {1} sent malformed partial signatures; not using them", self,
              transport.describe(p));
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
            LOG.log(Level.WARNING, "node {0}: partial signatures of {1} do not verify; not using them", self,
                transport.describe(p));
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
      ClusterLock lock = new ClusterLock(lockContent, lockHash, lockSignatures);
      lock.verify();
      // No node writes before every node has verified the outcome.
      round("done", DkgMessage.PayloadCase.DONE, p -> message().setDone(Done.getDefaultInstance()).build());
      LOG.log(Level.INFO, "node {0}: ceremony done, lock hash {1}", self, lockHash);
      return new DkgResult(self, lock, shares, deposits, excluded);
    }

    private DkgMessage.Builder message() {
      return DkgMessage.newBuilder().setDefinitionHash(hash);
    }

    /** Sends each peer its message, waits for every peer's message of the kind and for the deliveries. */
    private Map<Integer, DkgMessage> round(String name, DkgMessage.PayloadCase kind, IntFunction<DkgMessage> messageFor) {
      Instant deadline = Instant.now().plus(config.timeout());
      List<CompletableFuture<Void>> sends = new ArrayList<>();
      for (int p : peers) {
        sends.add(transport.send(p, messageFor.apply(p), deadline));
      }
      Map<Integer, DkgMessage> got = transport.awaitAll(kind, peers, deadline, name);
      for (CompletableFuture<Void> send : sends) {
        try {
          send.join();
        } catch (CompletionException e) {
          throw e.getCause() instanceof DkgAbortedException a ? a : new DkgAbortedException(e.getCause().toString());
        }
      }
      return got;
    }

    private SignedDeal signedDeal(List<Feldman.Polynomial> polynomials, int recipient) {
      Deal.Builder deal = Deal.newBuilder().setDefinitionHash(hash).setDealer(self).setRecipient(recipient);
      for (int j = 0; j < validators; j++) {
        Feldman.Polynomial f = polynomials.get(j);
        ValidatorDeal.Builder v = ValidatorDeal.newBuilder();
        f.commitments().forEach(c -> v.addCommitments(ByteString.copyFrom(c.toBytes().toArray())));
        BlsSecretKey share = recipient == self ? f.share(recipient + 1)
            : config.dealerFault().share(recipient, j, f.share(recipient + 1));
        v.setShare(ByteString.copyFrom(share.toBytes().toArray()));
        deal.addValidators(v);
      }
      byte[] bytes = deal.build().toByteArray();
      return SignedDeal.newBuilder().setDeal(ByteString.copyFrom(bytes))
          .setSignature(ByteString.copyFrom(config.identity().sign(Bytes.of(bytes)).toArray())).build();
    }
  }

  /**
   * A deal that is not this ceremony's, from its dealer to this node, proves nothing to others, so
   * no complaint can exclude the dealer: the ceremony stops, naming it.
   */
  private void requireAddressedHere(int d, SignedDeal signed) {
    Deal deal;
    try {
      deal = Deal.parseFrom(signed.getDeal());
    } catch (InvalidProtocolBufferException e) {
      return; // a signed but unreadable deal is proof enough: complained about in check
    }
    if (!Bytes.of(deal.getDefinitionHash().toByteArray()).equals(definition.definitionHash())
        || deal.getDealer() != d || deal.getRecipient() != self) {
      throw new DkgAbortedException("node " + d + " sent this node a deal for another definition, dealer or"
          + " recipient (dealer " + deal.getDealer() + ", recipient " + deal.getRecipient() + ")");
    }
  }

  /** A deal as one recipient checked it; {@code problem} is null when every share fits. */
  private record CheckedDeal(Bytes digest, List<List<BlsPublicKey>> commitments, List<BlsSecretKey> shares,
      String problem) {}

  /**
   * Checks dealer {@code d}'s deal to {@code recipient}: addressed right, for this definition, T
   * valid commitments and a share fitting them for every validator.
   */
  private CheckedDeal check(int d, int recipient, SignedDeal signed) {
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
    if (!Bytes.of(deal.getDefinitionHash().toByteArray()).equals(definition.definitionHash())
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
  private Map<Integer, String> qualify(Map<Integer, Verdict> verdicts, Map<Integer, CheckedDeal> checked) {
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
          LOG.log(Level.WARNING, "node {0}: node {1} sent an unreadable complaint; ignored", self, c);
          continue;
        }
        int d = deal.getDealer();
        boolean signedByDealer = d >= 0 && d < n && content.operators().get(d).identityPublicKey()
            .verify(Bytes.of(evidence.getDeal().toByteArray()), Bytes.of(evidence.getSignature().toByteArray()));
        // A deal of another definition would prove nothing about this ceremony.
        boolean thisCeremony = Bytes.of(deal.getDefinitionHash().toByteArray()).equals(definition.definitionHash());
        if (!signedByDealer || deal.getRecipient() != c || !thisCeremony) {
          LOG.log(Level.WARNING, "node {0}: node {1} complained without a deal signed by the dealer; ignored", self, c);
          continue;
        }
        String problem = check(d, c, evidence).problem();
        if (problem != null) {
          excluded.putIfAbsent(d, "node " + d + " dealt node " + c + " a bad share (" + problem + ")");
        } else {
          LOG.log(Level.WARNING, "node {0}: node {1}''s complaint against node {2} is unfounded; ignored", self, c, d);
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

  private static String describeExcluded(Map<Integer, String> excluded) {
    List<String> parts = new ArrayList<>();
    excluded.forEach((d, why) -> parts.add("dealer node " + d + " excluded: " + why));
    return String.join("; ", parts);
  }

  private static List<BlsSignature> decodePartials(List<ByteString> raw, int from) {
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

  @Override
  public String toString() {
    return "DkgCeremony[node " + self + " of " + n + ", " + validators + " validators]";
  }
}
