package io.phalanx.bench;

import io.phalanx.consensus.slashing.Interchange;
import io.phalanx.consensus.slashing.InterchangeJson;
import io.phalanx.consensus.slashing.SignedAttestation;
import io.phalanx.consensus.slashing.SlashingHistory;
import io.phalanx.spec.util.Bytes;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Slashing protection: what the duty state machine pays per attester proposal with 10,000
 * validators' history, and what import and export of an EIP-3076 interchange of 10,000
 * validators with 1,000 attestations each (10 million records, with signing roots) cost.
 */
public class SlashingBenchmark {
  static final int VALIDATORS = 10_000;
  static final int ATTESTATIONS = 1_000;
  /** The cluster's default window (SlashingConfig.DEFAULT_HISTORY_EPOCHS). */
  static final long WINDOW_EPOCHS = 32;
  /** One slot's attesters on mainnet: every validator attests once per 32-slot epoch. */
  static final int SIGNERS_PER_SLOT = VALIDATORS / 32;

  static Bytes pubkey(int i) {
    byte[] key = new byte[48];
    key[0] = (byte) 0xa0;
    key[44] = (byte) (i >>> 24);
    key[45] = (byte) (i >>> 16);
    key[46] = (byte) (i >>> 8);
    key[47] = (byte) i;
    return Bytes.of(key);
  }

  static Bytes root(long target, int validator) {
    byte[] r = new byte[32];
    r[0] = 1;
    for (int b = 0; b < 8; b++) {
      r[8 + b] = (byte) (target >>> (8 * b));
    }
    r[20] = (byte) (validator >>> 8);
    r[21] = (byte) validator;
    return Bytes.of(r);
  }

  /** The per-proposal check: 10,000 validators with a full window each; 312 signers per slot. */
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  @Warmup(iterations = 2, time = 2)
  @Measurement(iterations = 3, time = 3)
  @Fork(value = 1)
  public static class Proposal {
    SlashingHistory history;
    List<Bytes> signers;
    long target;

    @Setup(Level.Trial)
    public void setUp() {
      history = new SlashingHistory(SlashingHistory.Strategy.COMPLETE, WINDOW_EPOCHS, WINDOW_EPOCHS * 32);
      for (int v = 0; v < VALIDATORS; v++) {
        for (long t = 1; t <= WINDOW_EPOCHS; t++) {
          if (!history.signAttestation(pubkey(v), t - 1, t, root(t, 0)).allowed()) {
            throw new IllegalStateException("fixture refused");
          }
        }
      }
      signers = new ArrayList<>();
      for (int v = 0; v < SIGNERS_PER_SLOT; v++) {
        signers.add(pubkey(v * 32));
      }
      target = WINDOW_EPOCHS;
    }

    /** A new epoch's vote for one slot's signers: checked for all, then recorded (and the window slides). */
    @Benchmark
    public Object checkAndRecordProposal() {
      target++;
      Optional<SlashingHistory.Refusal> refusal = history.signAttestations(signers, target - 1, target, root(target, 0));
      if (refusal.isPresent()) {
        throw new IllegalStateException("a valid proposal was refused: " + refusal.get());
      }
      return refusal;
    }

    /** The check alone (no recording): a valid vote of the next epoch, checked for all of one slot's signers. */
    @Benchmark
    public int checkProposal() {
      int allowed = 0;
      Bytes root = root(WINDOW_EPOCHS + 1, 0);
      for (Bytes signer : signers) {
        if (history.checkAttestation(signer, WINDOW_EPOCHS, WINDOW_EPOCHS + 1, root).allowed()) {
          allowed++;
        }
      }
      return allowed;
    }

    /** A slashable proposal (it surrounds the signers' votes): refused at the first signer, nothing recorded. */
    @Benchmark
    public Object refuseSurroundingProposal() {
      Optional<SlashingHistory.Refusal> refusal = history.signAttestations(signers, 0, Long.MAX_VALUE / 2,
          root(1, 9));
      if (refusal.isEmpty()) {
        throw new IllegalStateException("a surround vote was accepted");
      }
      return refusal;
    }
  }

  /** Import and export of 10,000 validators x 1,000 attestations, with signing roots. */
  @State(Scope.Benchmark)
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 1)
  @Measurement(iterations = 2)
  @Fork(value = 1, jvmArgsAppend = "-Xmx8g")
  public static class Files10k {
    Path dir;
    Path file;
    Interchange interchange;
    SlashingHistory full;
    Bytes gvr = Bytes.zero(32);

    @Setup(Level.Trial)
    public void setUp() throws IOException {
      dir = Files.createTempDirectory("slashing-bench");
      file = dir.resolve("interchange.json");
      List<Interchange.ValidatorData> data = new ArrayList<>(VALIDATORS);
      for (int v = 0; v < VALIDATORS; v++) {
        List<SignedAttestation> atts = new ArrayList<>(ATTESTATIONS);
        for (long t = 1; t <= ATTESTATIONS; t++) {
          atts.add(new SignedAttestation(t - 1, t, Optional.of(root(t, v))));
        }
        data.add(new Interchange.ValidatorData(pubkey(v), List.of(), atts));
      }
      interchange = new Interchange(gvr, data);
      try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
        InterchangeJson.write(interchange, out);
      }
      full = SlashingHistory.complete();
      full.importInterchange(interchange);
      if (full.size() != (long) VALIDATORS * ATTESTATIONS) {
        throw new IllegalStateException("fixture holds " + full.size() + " records");
      }
      System.out.printf("%ninterchange file: %,d bytes%n", Files.size(file));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }

    /**
     * What {@code slashing-protection import} does: read and check the JSON, keep the cluster's
     * window (32 epochs, older records become watermarks), encode the pending import.
     */
    @Benchmark
    public byte[] importToClusterWindow() throws IOException {
      Interchange read;
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
        read = InterchangeJson.read(in);
      }
      SlashingHistory parsed = SlashingHistory.complete();
      parsed.importInterchange(read);
      SlashingHistory pending = new SlashingHistory(SlashingHistory.Strategy.COMPLETE, WINDOW_EPOCHS, WINDOW_EPOCHS * 32);
      pending.merge(parsed);
      if (pending.pubkeys().size() != VALIDATORS) {
        throw new IllegalStateException("import lost validators");
      }
      return pending.toSsz();
    }

    /** Reading and checking the JSON and building the complete (unpruned) history of 10 million records. */
    @Benchmark
    public SlashingHistory importComplete() throws IOException {
      try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
        SlashingHistory history = SlashingHistory.complete();
        history.importInterchange(InterchangeJson.read(in));
        return history;
      }
    }

    /** Writing the complete history of 10 million records as interchange JSON. */
    @Benchmark
    public long exportComplete() throws IOException {
      Path out = dir.resolve("export.json");
      try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
        InterchangeJson.write(full.toInterchange(gvr), stream);
      }
      return Files.size(out);
    }
  }
}
