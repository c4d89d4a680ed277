package io.phalanx.spec.types;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.phalanx.spec.api.ProducedBlock;
import io.phalanx.spec.testing.SharedVectors;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The official vectors have no blinded types; every Electra and Fulu BeaconBlock case, blinded,
 * must keep the vector's hash tree root (the header's root is the payload's), survive an SSZ and
 * JSON round trip, and unblind to the vector's block with its own payload.
 */
class BlindedBlockVectorsTest {
  private static final String ROOT = "consensus-spec-tests-ssz_static/tests/mainnet/";
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  record Case(ConsensusVersion fork, Path dir) {}

  static Stream<Named<Case>> blocks() throws IOException {
    List<Named<Case>> cases = new ArrayList<>();
    for (ConsensusVersion fork : ConsensusVersion.values()) {
      Path dir = SharedVectors.resolve(ROOT + fork.apiName() + "/ssz_static/BeaconBlock/ssz_random");
      try (Stream<Path> children = Files.list(dir)) {
        for (Path c : children.filter(Files::isDirectory).sorted().toList()) {
          cases.add(Named.of(fork.apiName() + "/BeaconBlock/" + c.getFileName(), new Case(fork, c)));
        }
      }
    }
    if (cases.isEmpty()) {
      throw new IllegalStateException("no BeaconBlock vectors");
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("blocks")
  void blindingKeepsTheRoot(Case c) throws IOException {
    byte[] ssz = SszStaticVectorsTest.decompress(Files.readAllBytes(c.dir().resolve("serialized.ssz_snappy")));
    Bytes root = Bytes.fromHex(YAML.readTree(c.dir().resolve("roots.yaml").toFile()).get("root").textValue());
    BeaconBlock block = c.fork().beaconBlockSchema().deserialize(ssz);

    BlindedBeaconBlock blinded = BlindedBeaconBlock.of(block);
    var schema = c.fork().blindedBeaconBlockSchema();
    assertEquals(root, schema.hashTreeRoot(blinded), "blinded block root");
    assertEquals(BeaconBlockBody.SSZ.hashTreeRoot(block.body()),
        c.fork().blindedBeaconBlockBodySchema().hashTreeRoot(blinded.body()), "blinded body root");
    assertEquals(ExecutionPayload.SSZ.hashTreeRoot(block.body().executionPayload()),
        c.fork().executionPayloadHeaderSchema().hashTreeRoot(blinded.body().executionPayloadHeader()));
    byte[] blindedSsz = schema.serialize(blinded);
    assertEquals(blinded, schema.deserialize(blindedSsz), "SSZ round trip");
    assertEquals(blinded, schema.fromJson(schema.toJson(blinded)), "JSON round trip");
    assertEquals(block, blinded.unblind(block.body().executionPayload()), "unblinded with its payload");

    Bytes signature = Bytes.of(new byte[96]);
    var signed = new SignedBlindedBeaconBlock(blinded, signature);
    var signedSchema = c.fork().signedBlindedBeaconBlockSchema();
    assertEquals(signed, signedSchema.deserialize(signedSchema.serialize(signed)));

    BlockContents contents = new BlockContents(block, List.of(), List.of());
    var contentsSchema = c.fork().blockContentsSchema();
    assertEquals(contents, contentsSchema.deserialize(contentsSchema.serialize(contents)));
    assertEquals(contents, contentsSchema.fromJson(contentsSchema.toJson(contents)));
    SignedBlockContents signedContents = SignedBlockContents.of(contents, signature);
    var signedContentsSchema = c.fork().signedBlockContentsSchema();
    assertArrayEquals(signedContentsSchema.serialize(signedContents),
        signedContentsSchema.serialize(signedContentsSchema.deserialize(signedContentsSchema.serialize(signedContents))));
    assertEquals(contents, signedContents.unsigned());

    for (boolean asBlinded : new boolean[] {false, true}) {
      ProducedBlock produced = asBlinded
          ? ProducedBlock.blinded(c.fork(), blinded, BigInteger.TEN, BigInteger.ONE)
          : ProducedBlock.full(c.fork(), contents, BigInteger.TEN, BigInteger.ONE);
      ProducedBlock decoded = ProducedBlock.SSZ.deserialize(ProducedBlock.SSZ.serialize(produced));
      assertEquals(produced, decoded);
      assertEquals(root, decoded.blockRoot());
      assertEquals(block.slot(), decoded.slot());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("blocks")
  void anotherPayloadDoesNotUnblind(Case c) throws IOException {
    byte[] ssz = SszStaticVectorsTest.decompress(Files.readAllBytes(c.dir().resolve("serialized.ssz_snappy")));
    BeaconBlock block = c.fork().beaconBlockSchema().deserialize(ssz);
    ExecutionPayload p = block.body().executionPayload();
    ExecutionPayload other = new ExecutionPayload(p.parentHash(), p.feeRecipient(), p.stateRoot(), p.receiptsRoot(),
        p.logsBloom(), p.prevRandao(), p.blockNumber() + 1, p.gasLimit(), p.gasUsed(), p.timestamp(), p.extraData(),
        p.baseFeePerGas(), p.blockHash(), p.transactions(), p.withdrawals(), p.blobGasUsed(), p.excessBlobGas());
    assertThrows(IllegalArgumentException.class, () -> BlindedBeaconBlock.of(block).unblind(other));
  }
}
