package io.phalanx.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.spec.types.BeaconBlock;
import io.phalanx.spec.types.ConsensusVersion;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Hex;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
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
import org.xerial.snappy.Snappy;

/**
 * hash_tree_root of a Fulu BeaconBlock, which a node computes for every proposal it agrees on.
 * Two blocks: the largest official ssz_static random case, and the same block grown to mainnet
 * size (300 transactions of 500 bytes, as a busy mainnet block carries).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class SszBenchmark {
  private static final String CASE =
      "consensus-spec-tests-ssz_static/tests/mainnet/fulu/ssz_static/BeaconBlock/ssz_random/case_4";

  @Param({"vector-case_4", "mainnet-300-transactions"})
  public String block;

  private BeaconBlock value;
  private byte[] serialized;

  @Setup
  public void setUp() throws IOException {
    BeaconBlock vector = ConsensusVersion.FULU.beaconBlockSchema().deserialize(readVector());
    value = block.startsWith("mainnet") ? grow(vector) : vector;
    serialized = BeaconBlock.SSZ.serialize(value);
    System.out.println("\n" + block + ": " + serialized.length + " bytes serialized");
  }

  private static BeaconBlock grow(BeaconBlock vector) {
    ObjectNode json = (ObjectNode) BeaconBlock.SSZ.toJson(vector);
    ArrayNode transactions = (ArrayNode) json.get("body").get("execution_payload").get("transactions");
    transactions.removeAll();
    Random random = new Random(3);
    for (int i = 0; i < 300; i++) {
      byte[] tx = new byte[500];
      random.nextBytes(tx);
      transactions.add(Hex.encode(tx));
    }
    return BeaconBlock.SSZ.fromJson(json);
  }

  private static byte[] readVector() throws IOException {
    Path file = vectors().resolve(CASE).resolve("serialized.ssz_snappy");
    // The vector files are snappy block format (a length prefix, then the blocks).
    return Snappy.uncompress(Files.readAllBytes(file));
  }

  private static Path vectors() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("shared/vectors"))) {
        return d.resolve("shared/vectors");
      }
    }
    throw new IllegalStateException("shared/vectors not found above " + Path.of("").toAbsolutePath()
        + "; run ./bench from the project checkout that has ../shared beside it");
  }

  @Benchmark
  public Bytes hashTreeRoot() {
    return BeaconBlock.SSZ.hashTreeRoot(value);
  }

  @Benchmark
  public byte[] serialize() {
    return BeaconBlock.SSZ.serialize(value);
  }

  @Benchmark
  public BeaconBlock deserialize() {
    return BeaconBlock.SSZ.deserialize(serialized);
  }
}
