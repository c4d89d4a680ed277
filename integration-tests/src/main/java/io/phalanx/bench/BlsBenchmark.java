package io.phalanx.bench;

import io.phalanx.spec.bls.Bls;
import io.phalanx.spec.bls.BlsPublicKey;
import io.phalanx.spec.bls.BlsSecretKey;
import io.phalanx.spec.bls.BlsSignature;
import io.phalanx.spec.bls.SignatureCheck;
import io.phalanx.spec.bls.ThresholdBls;
import io.phalanx.spec.util.Bytes;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The BLS operations a distributed validator does per duty: a share signs, a node verifies
 * partial signatures (one by one or in batches), and T partials are combined into the validator's
 * signature.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class BlsBenchmark {
  private static final int BATCH = 100;

  private BlsSecretKey key;
  private BlsPublicKey publicKey;
  private Bytes message;
  private BlsSignature signature;
  private List<SignatureCheck> distinctMessages;
  private List<SignatureCheck> sameMessage;

  @Setup
  public void setUp() throws Exception {
    SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
    random.setSeed(1);
    key = BlsSecretKey.random(random);
    publicKey = key.publicKey();
    message = randomBytes(random, 32);
    signature = key.sign(message);

    distinctMessages = new ArrayList<>();
    sameMessage = new ArrayList<>();
    for (int i = 0; i < BATCH; i++) {
      BlsSecretKey k = BlsSecretKey.random(random);
      Bytes m = randomBytes(random, 32);
      distinctMessages.add(new SignatureCheck(k.publicKey(), m, k.sign(m)));
      sameMessage.add(new SignatureCheck(k.publicKey(), message, k.sign(message)));
    }
    if (!Bls.batchVerify(distinctMessages)
        || !Bls.batchVerify(sameMessage)) {
      throw new IllegalStateException("benchmark fixtures are wrong");
    }
  }

  private static Bytes randomBytes(SecureRandom random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return Bytes.of(b);
  }

  @Benchmark
  public BlsSignature sign() {
    return key.sign(message);
  }

  @Benchmark
  public boolean verify() {
    return signature.verify(publicKey, message);
  }

  /** 100 signatures by 100 keys over 100 messages, in one multi-pairing. */
  @Benchmark
  public boolean batchVerify100DistinctMessages() {
    return Bls.batchVerify(distinctMessages);
  }

  /** 100 partial signatures over one signing root, the common case in a DV cluster. */
  @Benchmark
  public boolean batchVerify100SameMessage() {
    return Bls.batchVerify(sameMessage);
  }

  /** T partial signatures of a cluster of N nodes. */
  @State(Scope.Benchmark)
  public static class Partials {
    /** N nodes, threshold T, as "N/T". */
    @Param({"4/3", "10/7"})
    public String cluster;

    Map<Integer, BlsSignature> partials;

    @Setup
    public void setUp() throws Exception {
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(2);
      BlsSecretKey key = BlsSecretKey.random(random);
      Bytes message = randomBytes(random, 32);
      String[] nt = cluster.split("/");
      int n = Integer.parseInt(nt[0]);
      int t = Integer.parseInt(nt[1]);
      List<BlsSecretKey> shares = ThresholdBls.split(key, n, t, random);
      partials = new TreeMap<>();
      for (int x = n - t + 1; x <= n; x++) {
        partials.put(x, shares.get(x - 1).sign(message));
      }
      if (!ThresholdBls.combineSignatures(partials).equals(key.sign(message))) {
        throw new IllegalStateException("benchmark fixtures are wrong");
      }
    }
  }

  /** T partial signatures combined by Lagrange interpolation at 0. */
  @Benchmark
  public BlsSignature thresholdCombine(Partials p) {
    return ThresholdBls.combineSignatures(p.partials);
  }
}
