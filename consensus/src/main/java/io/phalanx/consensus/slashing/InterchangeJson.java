package io.phalanx.consensus.slashing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.phalanx.spec.util.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads and writes EIP-3076 interchange files (format version 5) with Jackson's streaming parser
 * and generator, so a file of millions of records is never held as a JSON tree. Reading checks the
 * structure and every value and names the first thing that is wrong (with its line); it does not
 * check the genesis validators root against a chain, which is the importer's job.
 */
public final class InterchangeJson {
  private static final JsonFactory JSON = JsonFactory.builder().build();

  private InterchangeJson() {}

  /**
   * @throws IllegalArgumentException if the input is not a well-formed version-5 interchange
   */
  public static Interchange read(InputStream in) {
    try (JsonParser p = JSON.createParser(in)) {
      expect(p, p.nextToken(), JsonToken.START_OBJECT, "the interchange");
      String version = null;
      Bytes root = null;
      List<Interchange.ValidatorData> data = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "metadata" -> {
            expect(p, value, JsonToken.START_OBJECT, "metadata");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String name = p.currentName();
              JsonToken t = p.nextToken();
              switch (name) {
                case "interchange_format_version" -> version = text(p, t, "metadata.interchange_format_version");
                case "genesis_validators_root" -> root = hex(p, t, 32, "metadata.genesis_validators_root");
                default -> p.skipChildren();
              }
            }
          }
          case "data" -> {
            expect(p, value, JsonToken.START_ARRAY, "data");
            data = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
              data.add(validator(p, data.size()));
            }
          }
          default -> p.skipChildren();
        }
      }
      if (version == null) {
        throw new IllegalArgumentException("metadata.interchange_format_version is missing");
      }
      if (!Interchange.FORMAT_VERSION.equals(version)) {
        throw new IllegalArgumentException("interchange_format_version is \"" + version
            + "\"; only version 5 (EIP-3076) is supported: export the file again with a current client");
      }
      if (root == null) {
        throw new IllegalArgumentException("metadata.genesis_validators_root is missing");
      }
      if (data == null) {
        throw new IllegalArgumentException("the interchange has no \"data\" array");
      }
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("unexpected content after the interchange object" + at(p));
      }
      return new Interchange(root, data);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("the interchange is not valid JSON: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"), e);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the interchange: " + e.getMessage(), e);
    }
  }

  private static Interchange.ValidatorData validator(JsonParser p, int i) throws IOException {
    String where = "data[" + i + "]";
    expect(p, p.currentToken(), JsonToken.START_OBJECT, where);
    Bytes pubkey = null;
    List<SignedBlock> blocks = List.of();
    List<SignedAttestation> attestations = List.of();
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "pubkey" -> pubkey = hex(p, t, 48, where + ".pubkey");
        case "signed_blocks" -> {
          expect(p, t, JsonToken.START_ARRAY, where + ".signed_blocks");
          blocks = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            blocks.add(block(p, where + ".signed_blocks[" + blocks.size() + "]"));
          }
        }
        case "signed_attestations" -> {
          expect(p, t, JsonToken.START_ARRAY, where + ".signed_attestations");
          attestations = new ArrayList<>();
          while (p.nextToken() != JsonToken.END_ARRAY) {
            attestations.add(attestation(p, where + ".signed_attestations[" + attestations.size() + "]"));
          }
        }
        default -> p.skipChildren();
      }
    }
    if (pubkey == null) {
      throw new IllegalArgumentException(where + ".pubkey is missing");
    }
    return new Interchange.ValidatorData(pubkey, blocks, attestations);
  }

  private static SignedBlock block(JsonParser p, String where) throws IOException {
    expect(p, p.currentToken(), JsonToken.START_OBJECT, where);
    Long slot = null;
    Bytes root = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "slot" -> slot = uint64(p, t, where + ".slot");
        case "signing_root" -> root = hex(p, t, 32, where + ".signing_root");
        default -> p.skipChildren();
      }
    }
    if (slot == null) {
      throw new IllegalArgumentException(where + ".slot is missing");
    }
    return new SignedBlock(slot, Optional.ofNullable(root));
  }

  private static SignedAttestation attestation(JsonParser p, String where) throws IOException {
    expect(p, p.currentToken(), JsonToken.START_OBJECT, where);
    Long source = null;
    Long target = null;
    Bytes root = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      JsonToken t = p.nextToken();
      switch (field) {
        case "source_epoch" -> source = uint64(p, t, where + ".source_epoch");
        case "target_epoch" -> target = uint64(p, t, where + ".target_epoch");
        case "signing_root" -> root = hex(p, t, 32, where + ".signing_root");
        default -> p.skipChildren();
      }
    }
    if (source == null || target == null) {
      throw new IllegalArgumentException(where + " needs source_epoch and target_epoch");
    }
    return new SignedAttestation(source, target, Optional.ofNullable(root));
  }

  /** Writes {@code interchange} as version-5 JSON (numbers as decimal strings, as EIP-3076 has them). */
  public static void write(Interchange interchange, OutputStream out) {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeObjectFieldStart("metadata");
      g.writeStringField("interchange_format_version", Interchange.FORMAT_VERSION);
      g.writeStringField("genesis_validators_root", interchange.genesisValidatorsRoot().toHex());
      g.writeEndObject();
      g.writeArrayFieldStart("data");
      for (Interchange.ValidatorData v : interchange.data()) {
        g.writeStartObject();
        g.writeStringField("pubkey", v.pubkey().toHex());
        g.writeArrayFieldStart("signed_blocks");
        for (SignedBlock b : v.signedBlocks()) {
          g.writeStartObject();
          g.writeStringField("slot", Long.toUnsignedString(b.slot()));
          if (b.signingRoot().isPresent()) {
            g.writeStringField("signing_root", b.signingRoot().get().toHex());
          }
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("signed_attestations");
        for (SignedAttestation a : v.signedAttestations()) {
          g.writeStartObject();
          g.writeStringField("source_epoch", Long.toUnsignedString(a.sourceEpoch()));
          g.writeStringField("target_epoch", Long.toUnsignedString(a.targetEpoch()));
          if (a.signingRoot().isPresent()) {
            g.writeStringField("signing_root", a.signingRoot().get().toHex());
          }
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void expect(JsonParser p, JsonToken actual, JsonToken expected, String what) {
    if (actual != expected) {
      throw new IllegalArgumentException(what + " must be a JSON " + describe(expected) + ", found "
          + (actual == null ? "the end of the file" : describe(actual)) + at(p));
    }
  }

  private static String text(JsonParser p, JsonToken t, String what) throws IOException {
    if (t != JsonToken.VALUE_STRING) {
      throw new IllegalArgumentException(what + " must be a string" + at(p));
    }
    return p.getText();
  }

  private static Bytes hex(JsonParser p, JsonToken t, int length, String what) throws IOException {
    String s = text(p, t, what);
    try {
      return Bytes.fromHex(s, length, what);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " must be 0x and " + length + " bytes of hex, got \"" + s + "\""
          + at(p));
    }
  }

  /** EIP-3076 writes integers as decimal strings; JSON numbers are accepted too. */
  private static long uint64(JsonParser p, JsonToken t, String what) throws IOException {
    String s;
    if (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NUMBER_INT) {
      s = p.getText();
    } else {
      throw new IllegalArgumentException(what + " must be a decimal string such as \"12\"" + at(p));
    }
    if (s.isEmpty() || s.length() > 20 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new IllegalArgumentException(what + " must be a decimal uint64, got \"" + s + "\"" + at(p));
    }
    try {
      long v = Long.parseUnsignedLong(s);
      if (v < 0) {
        throw new IllegalArgumentException(what + " " + s + " is beyond any real slot or epoch" + at(p));
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " " + s + " does not fit in a uint64" + at(p));
    }
  }

  private static String describe(JsonToken t) {
    return switch (t) {
      case START_OBJECT -> "object";
      case START_ARRAY -> "array";
      case VALUE_STRING -> "string";
      default -> t.name().toLowerCase(Locale.ROOT);
    };
  }

  private static String at(JsonParser p) {
    return p.currentLocation() == null ? "" : " (line " + p.currentLocation().getLineNr() + ")";
  }
}
