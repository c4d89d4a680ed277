package io.phalanx.spec.keystore;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.phalanx.spec.util.Bytes;
import io.phalanx.spec.util.Hex;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/** The JSON form of {@link Keystore}: a strict reader and a writer in the EIP's layout. */
final class KeystoreJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          // A keystore with two "salt"s or trailing text is damaged; taking one silently could
          // decrypt with values nobody meant.
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** Four-space indents and {@code "key": value}, as the EIP's examples and the deposit CLI. */
  private static final ObjectWriter WRITER =
      MAPPER.writer(
          new DefaultPrettyPrinter(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withObjectEmptySeparator(""))
              .withObjectIndenter(new DefaultIndenter("    ", "\n")));

  private static final Pattern ECHOED_TOKEN = Pattern.compile("Unrecognized token '[^']*'");
  private static final Pattern REDACTED_SOURCE =
      Pattern.compile("\\[Source: [^\\]]*; line: (\\d+), column: (\\d+)\\]");

  private KeystoreJson() {}

  static Keystore parse(String json) {
    if (json == null) {
      throw new KeystoreException("keystore JSON is missing");
    }
    JsonNode tree;
    try {
      tree = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      // Jackson's exception is not kept as the cause: its message quotes the offending token,
      // and a password file passed by mistake as a keystore would end up in the log.
      JsonLocation at = e.getLocation();
      throw new KeystoreException(
          "keystore is not valid JSON: "
              + withoutEchoedText(e.getOriginalMessage())
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
    if (tree == null || !tree.isObject()) {
      // The type only, not the value: a password file read by mistake is valid JSON if it holds
      // just a number.
      throw new KeystoreException(
          "keystore JSON must be an object, got "
              + (tree == null || tree.isMissingNode() ? "nothing" : typeName(tree)));
    }
    Fields root = new Fields(tree, "");

    // The version first: a version 3 file has a different layout, and "crypto.kdf is missing"
    // would send its owner looking in the wrong place.
    int version = root.integer("version");
    if (version != Keystore.VERSION) {
      throw new KeystoreException(
          "keystore version " + version + " is not supported: EIP-2335 keystores are version "
              + Keystore.VERSION
              + (version == 3
                  ? " (version 3 is Web3 Secret Storage, for execution-layer keys)"
                  : ""));
    }

    Fields crypto = root.object("crypto");
    Keystore.Crypto modules =
        new Keystore.Crypto(
            kdf(crypto.object("kdf")),
            checksum(crypto.object("checksum")),
            cipher(crypto.object("cipher")));
    Optional<String> description = root.optionalText("description");
    // "pubkey": "" carries no key; absent spares callers an empty Bytes posing as a public key.
    Optional<Bytes> pubkey =
        root.optionalText("pubkey").filter(text -> !text.isEmpty()).map(text -> root.hex("pubkey"));
    String path = root.text("path");
    UUID uuid = uuid(root);
    return new Keystore(modules, description, pubkey, path, uuid, version);
  }

  private static Keystore.Kdf kdf(Fields kdf) {
    String function = kdf.text("function");
    Fields params = kdf.object("params");
    KdfParams kdfParams =
        switch (function) {
          case KdfParams.Scrypt.FUNCTION ->
              params.build(
                  () ->
                      new KdfParams.Scrypt(
                          params.integer("n"),
                          params.integer("r"),
                          params.integer("p"),
                          params.integer("dklen")));
          case KdfParams.Pbkdf2.FUNCTION ->
              params.build(
                  () ->
                      new KdfParams.Pbkdf2(
                          params.integer("c"), params.integer("dklen"), params.text("prf")));
          default ->
              throw unsupported(
                  kdf.where("function"),
                  function,
                  KdfParams.Scrypt.FUNCTION + "\" or \"" + KdfParams.Pbkdf2.FUNCTION);
        };
    if (!kdf.text("message").isEmpty()) {
      throw new KeystoreException("keystore " + kdf.where("message") + " must be empty");
    }
    return new Keystore.Kdf(kdfParams, params.hex("salt"));
  }

  private static Keystore.Checksum checksum(Fields checksum) {
    checksum.requireFunction(Keystore.Checksum.FUNCTION);
    checksum.object("params");
    return checksum.build(() -> new Keystore.Checksum(checksum.hex("message")));
  }

  private static Keystore.Cipher cipher(Fields cipher) {
    cipher.requireFunction(Keystore.Cipher.FUNCTION);
    Fields params = cipher.object("params");
    return cipher.build(() -> new Keystore.Cipher(params.hex("iv"), cipher.hex("message")));
  }

  private static UUID uuid(Fields root) {
    String text = root.text("uuid");
    try {
      UUID uuid = UUID.fromString(text);
      // UUID.fromString also takes shortened groups such as "1-2-3-4-5".
      if (uuid.toString().equalsIgnoreCase(text)) {
        return uuid;
      }
    } catch (IllegalArgumentException e) {
      // reported below
    }
    throw new KeystoreException(
        "keystore uuid must be a UUID such as 1d85ae20-35c5-4611-98e8-aa14a633906f, got \""
            + text + "\"");
  }

  static String write(Keystore keystore) {
    ObjectNode root = MAPPER.createObjectNode();
    ObjectNode crypto = root.putObject("crypto");

    Keystore.Kdf kdf = keystore.crypto().kdf();
    ObjectNode kdfModule = crypto.putObject("kdf");
    kdfModule.put("function", kdf.function());
    ObjectNode kdfParams = kdfModule.putObject("params");
    // Field order as in the EIP's test vectors.
    switch (kdf.params()) {
      case KdfParams.Scrypt scrypt -> {
        kdfParams.put("dklen", scrypt.dklen());
        kdfParams.put("n", scrypt.n());
        kdfParams.put("p", scrypt.p());
        kdfParams.put("r", scrypt.r());
      }
      case KdfParams.Pbkdf2 pbkdf2 -> {
        kdfParams.put("dklen", pbkdf2.dklen());
        kdfParams.put("c", pbkdf2.c());
        kdfParams.put("prf", pbkdf2.prf());
      }
    }
    kdfParams.put("salt", hex(kdf.salt()));
    kdfModule.put("message", hex(kdf.message()));

    Keystore.Checksum checksum = keystore.crypto().checksum();
    ObjectNode checksumModule = crypto.putObject("checksum");
    checksumModule.put("function", checksum.function());
    checksumModule.putObject("params");
    checksumModule.put("message", hex(checksum.message()));

    Keystore.Cipher cipher = keystore.crypto().cipher();
    ObjectNode cipherModule = crypto.putObject("cipher");
    cipherModule.put("function", cipher.function());
    cipherModule.putObject("params").put("iv", hex(cipher.iv()));
    cipherModule.put("message", hex(cipher.message()));

    keystore.description().ifPresent(description -> root.put("description", description));
    keystore.pubkey().ifPresent(pubkey -> root.put("pubkey", hex(pubkey)));
    root.put("path", keystore.path());
    root.put("uuid", keystore.uuid().toString());
    root.put("version", keystore.version());
    try {
      return WRITER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("writing a JSON tree to a string cannot fail", e);
    }
  }

  /** Jackson's message without quoted input and with its "[Source: REDACTED ...]" shortened. */
  private static String withoutEchoedText(String message) {
    String safe = ECHOED_TOKEN.matcher(message).replaceAll("Unrecognized token");
    return REDACTED_SOURCE.matcher(safe).replaceAll("line $1, column $2");
  }

  private static String hex(Bytes bytes) {
    return Hex.encodeBare(bytes.toArray());
  }

  private static KeystoreException unsupported(String where, String got, String expected) {
    return new KeystoreException(
        "keystore " + where + " \"" + got + "\" is not supported (EIP-2335 defines \"" + expected
            + "\")");
  }

  private static String describe(JsonNode node) {
    String text = node.toString();
    return typeName(node) + " " + (text.length() <= 40 ? text : text.substring(0, 37) + "...");
  }

  private static String typeName(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /** One JSON object of the keystore and its dotted path, for error messages. */
  private record Fields(JsonNode json, String path) {
    String where(String name) {
      return path.isEmpty() ? name : path + "." + name;
    }

    JsonNode required(String name) {
      JsonNode value = json.get(name);
      if (value == null || value.isNull()) {
        throw new KeystoreException("keystore " + where(name) + " is missing");
      }
      return value;
    }

    Fields object(String name) {
      JsonNode value = required(name);
      if (!value.isObject()) {
        throw wrongType(name, "an object", value);
      }
      return new Fields(value, where(name));
    }

    String text(String name) {
      JsonNode value = required(name);
      if (!value.isTextual()) {
        throw wrongType(name, "a string", value);
      }
      return value.textValue();
    }

    /** Absent and {@code null} both mean absent. */
    Optional<String> optionalText(String name) {
      return json.hasNonNull(name) ? Optional.of(text(name)) : Optional.empty();
    }

    int integer(String name) {
      JsonNode value = required(name);
      if (!value.isIntegralNumber() || !value.canConvertToInt()) {
        throw wrongType(name, "a whole number that fits 32 bits", value);
      }
      return value.intValue();
    }

    Bytes hex(String name) {
      String text = text(name);
      return build(name, () -> Bytes.fromHex(text));
    }

    void requireFunction(String expected) {
      String function = text("function");
      if (!expected.equals(function)) {
        throw unsupported(where("function"), function, expected);
      }
    }

    /** Builds a value whose constructor checks it, naming this object in the error. */
    <T> T build(Supplier<T> value) {
      return build(null, value);
    }

    private <T> T build(String name, Supplier<T> value) {
      try {
        return value.get();
      } catch (KeystoreException e) {
        throw e;
      } catch (IllegalArgumentException e) {
        String field = name == null ? path : where(name);
        throw new KeystoreException("keystore " + field + ": " + e.getMessage(), e);
      }
    }

    private KeystoreException wrongType(String name, String expected, JsonNode value) {
      return new KeystoreException(
          "keystore " + where(name) + " must be " + expected + ", got " + describe(value));
    }
  }
}
