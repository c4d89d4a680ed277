package io.phalanx.it.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import io.phalanx.api.capture.CapturedExchange;
import io.phalanx.spec.testing.SharedVectors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.regex.JDKRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpression;
import java.util.HashMap;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks captured beacon-API exchanges against the official OpenAPI document (beacon-APIs v4.0.0
 * in {@code ../shared/vectors}). The document is read as it stands: each exchange is matched to
 * its operation by method and path template, and every schema the operation names is handed, by
 * its location in the document's own files, to networknt's JSON-schema validator with the OpenAPI
 * 3.1 dialect; no schema is written here. What is checked:
 *
 * <ul>
 *   <li>the route exists in the document (a path no template matches, or a method the path does
 *       not have, is a violation);
 *   <li>path and query parameters: required ones present, each value valid against its schema
 *       (array parameters value by value, comma-separated lists split); header parameters the
 *       operation requires (Eth-Consensus-Version) present and valid;
 *   <li>the request body: present where required, its Content-Type one the operation accepts, JSON
 *       bodies valid against the schema of {@code application/json};
 *   <li>the response: its status one the operation lists, a JSON body where the status has JSON
 *       content and valid against its schema (error bodies included), no body where the status
 *       has none, every header the response object requires present and valid.
 * </ul>
 */
public final class BeaconApiConformance {
  /** Where the document lies in {@code ../shared/vectors}. */
  public static final String SPEC = "beacon-APIs/v4.0.0/beacon-node-oapi.yaml";

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> METHODS = List.of("get", "post", "put", "delete", "patch");

  /**
   * One way an exchange departs from the document.
   *
   * @param operation the operation, e.g. "POST /eth/v2/beacon/pool/attestations (submitPoolAttestationsV2)",
   *     or "no operation" for a route the document lacks
   * @param exchange the exchange, as {@link CapturedExchange#toString()} names it
   * @param message what is wrong, with the schema validator's message where it has one
   */
  public record Violation(String operation, String exchange, String message) {
    @Override
    public String toString() {
      return operation + ": " + message + "\n    in " + exchange;
    }
  }

  /** An operation of the document: its template, method and where it lies. */
  public record Operation(String method, String template, String operationId, Located node) {
    /** "GET /eth/v1/validator/attestation_data", the form {@link #exercised} lists take. */
    public String key() {
      return method + " " + template;
    }

    @Override
    public String toString() {
      return key() + " (" + operationId + ")";
    }
  }

  /** A node of the document with the file and JSON pointer it was found at. */
  public record Located(JsonNode node, URI file, String pointer) {
    Located at(String... names) {
      JsonNode n = node;
      StringBuilder p = new StringBuilder(pointer);
      for (String name : names) {
        n = n == null ? null : n.isArray() ? n.get(Integer.parseInt(name)) : n.get(name);
        p.append('/').append(name.replace("~", "~0").replace("/", "~1"));
      }
      return new Located(n, file, p.toString());
    }

    boolean exists() {
      return node != null && !node.isMissingNode() && !node.isNull();
    }

    String location() {
      return file + "#" + pointer;
    }
  }

  private record Route(Pattern pattern, List<String> names, String template) {}

  private final Path root;
  private final Map<URI, JsonNode> files = new ConcurrentHashMap<>();
  private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
  private final List<Route> routes = new ArrayList<>();
  private final Map<String, Operation> operations = new ConcurrentHashMap<>();
  private final SchemaRegistry registry;

  /** The document in {@code ../shared/vectors}; fails loudly if it is not there. */
  public static BeaconApiConformance fromSharedVectors() {
    return new BeaconApiConformance(SharedVectors.resolve(SPEC));
  }

  public BeaconApiConformance(Path document) {
    if (!Files.isRegularFile(document)) {
      throw new IllegalStateException("the beacon-API OpenAPI document is missing: " + document
          + " (expected ../shared/vectors/" + SPEC + " beside the checkout)");
    }
    this.root = document.toAbsolutePath().normalize();
    Path specDir = root.getParent();
    // Only the document's own files are read: no $ref may reach the network.
    this.registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), b -> b
        .schemaRegistryConfig(SchemaRegistryConfig.builder()
            .regularExpressionFactory(BeaconApiConformance::regularExpression).build())
        .schemaLoader(l -> l
        .resourceLoaders(r -> r.add(iri -> {
          String s = iri.toString();
          if (!s.startsWith("file:")) {
            return null;
          }
          Path p = Path.of(URI.create(s)).normalize();
          if (!p.startsWith(specDir)) {
            return null;
          }
          return () -> Files.newInputStream(p);
        }))));
    Located doc = new Located(file(root.toUri()), root.toUri(), "");
    Iterator<Map.Entry<String, JsonNode>> paths = doc.node().get("paths").fields();
    while (paths.hasNext()) {
      Map.Entry<String, JsonNode> e = paths.next();
      String template = e.getKey();
      Located item = resolve(doc.at("paths", template));
      for (String method : METHODS) {
        Located op = item.at(method);
        if (op.exists()) {
          String id = op.node().path("operationId").asText("?");
          operations.put(method.toUpperCase(Locale.ROOT) + " " + template,
              new Operation(method.toUpperCase(Locale.ROOT), template, id, op));
        }
      }
      routes.add(route(template));
    }
  }

  /** Every operation of the document, by "METHOD /template". */
  public Map<String, Operation> operations() {
    return Map.copyOf(operations);
  }

  /** The operation an exchange is for, if the document has its route. */
  public Optional<Operation> operationOf(String method, String path) {
    for (Route r : routes) {
      if (r.pattern().matcher(path).matches()) {
        Operation op = operations.get(method + " " + r.template());
        if (op != null) {
          return Optional.of(op);
        }
      }
    }
    return Optional.empty();
  }

  /** The operations {@code exchanges} exercised, as "METHOD /template". */
  public static Set<String> exercised(BeaconApiConformance spec, List<CapturedExchange> exchanges) {
    Set<String> seen = new TreeSet<>();
    for (CapturedExchange x : exchanges) {
      spec.operationOf(x.method(), x.path()).ifPresent(op -> seen.add(op.key()));
    }
    return seen;
  }

  /** Every violation of every exchange. */
  public List<Violation> check(List<CapturedExchange> exchanges) {
    List<Violation> all = new ArrayList<>();
    for (CapturedExchange x : exchanges) {
      all.addAll(check(x));
    }
    return all;
  }

  /** Every way {@code x} departs from the document; empty if it conforms. */
  public List<Violation> check(CapturedExchange x) {
    List<Violation> found = new ArrayList<>();
    List<Route> matching = routes.stream().filter(r -> r.pattern().matcher(x.path()).matches()).toList();
    // Of the templates the path fits, the one with the exchange's method (a literal segment and a
    // parameter could both fit).
    Route route = matching.stream().filter(r -> operations.containsKey(x.method() + " " + r.template())).findFirst()
        .orElse(matching.isEmpty() ? null : matching.getFirst());
    if (route == null) {
      found.add(new Violation("no operation", x.toString(), "the path is not a route of the beacon API"));
      return found;
    }
    Operation op = operations.get(x.method() + " " + route.template());
    if (op == null) {
      found.add(new Violation("no operation", x.toString(), "the beacon API has no " + x.method() + " for "
          + route.template()));
      return found;
    }
    Matcher m = route.pattern().matcher(x.path());
    m.matches();
    Map<String, String> pathValues = new HashMap<>();
    for (int i = 0; i < route.names().size(); i++) {
      pathValues.put(route.names().get(i), m.group(i + 1));
    }
    checkParameters(op, x, pathValues, found);
    checkRequestBody(op, x, found);
    checkResponse(op, x, found);
    return found;
  }

  private void checkParameters(Operation op, CapturedExchange x, Map<String, String> pathValues,
      List<Violation> found) {
    Located params = op.node().at("parameters");
    if (!params.exists()) {
      return;
    }
    for (int i = 0; i < params.node().size(); i++) {
      Located p = resolve(params.at(Integer.toString(i)));
      String name = p.node().path("name").asText();
      String in = p.node().path("in").asText();
      boolean required = p.node().path("required").asBoolean(false);
      Located schema = p.at("schema");
      List<String> values = switch (in) {
        case "path" -> Optional.ofNullable(pathValues.get(name)).map(List::of).orElse(List.of());
        case "query" -> x.query().getOrDefault(name, List.of());
        case "header" -> x.requestHeader(name).map(List::of).orElse(List.of());
        default -> List.of();
      };
      if (values.isEmpty()) {
        if (required) {
          found.add(new Violation(op.toString(), x.toString(), "required " + in + " parameter " + name + " missing"));
        }
        continue;
      }
      if (!schema.exists()) {
        continue;
      }
      boolean array = "array".equals(resolveSchemaType(schema));
      for (String value : values) {
        List<String> items = array ? List.of(value.split(",")) : List.of(value);
        for (String item : items) {
          Located target = array ? schema.at("items") : schema;
          String instance = wireValue(target, item.trim());
          for (Error e : schema(target).validate(instance, InputFormat.JSON)) {
            found.add(new Violation(op.toString(), x.toString(), in + " parameter " + name + " '" + item + "': "
                + e.getMessage()));
          }
        }
      }
    }
  }

  /**
   * A parameter's or header's text as the JSON value it stands for: OpenAPI's simple style writes a
   * boolean or a number as its plain text, so {@code true} under a boolean schema is the boolean and
   * {@code 12} under an integer schema the number; any other text stays a string, which such a
   * schema then refuses.
   */
  private String wireValue(Located schema, String text) {
    String type = resolveSchemaType(schema);
    if ("boolean".equals(type) && (text.equals("true") || text.equals("false"))) {
      return text;
    }
    if (("integer".equals(type) || "number".equals(type)) && text.matches("-?[0-9]+(\\.[0-9]+)?")) {
      return text;
    }
    return JSON.valueToTree(text).toString();
  }

  /** The schema's type where it says it directly or through one $ref; null if it does not. */
  private String resolveSchemaType(Located schema) {
    Located s = schema;
    for (int hops = 0; hops < 4 && s.exists() && s.node().has("$ref"); hops++) {
      s = resolve(s);
    }
    return s.exists() && s.node().has("type") ? s.node().get("type").asText() : null;
  }

  private void checkRequestBody(Operation op, CapturedExchange x, List<Violation> found) {
    Located body = op.node().at("requestBody");
    boolean sent = x.requestBody().length > 0;
    if (!body.exists()) {
      if (sent) {
        found.add(new Violation(op.toString(), x.toString(), "a request body where the operation takes none"));
      }
      return;
    }
    body = resolve(body);
    if (!sent) {
      if (body.node().path("required").asBoolean(false)) {
        found.add(new Violation(op.toString(), x.toString(), "the required request body is missing"));
      }
      return;
    }
    String type = mediaType(x.requestHeader("Content-Type")).orElse("application/json");
    Located content = body.at("content", type);
    if (!content.exists()) {
      found.add(new Violation(op.toString(), x.toString(), "request Content-Type " + type
          + " is not one the operation accepts: " + names(body.at("content").node())));
      return;
    }
    if (type.equals("application/json")) {
      validateJson(op, x, content.at("schema"), x.requestBody(), "request body", found);
    }
  }

  private void checkResponse(Operation op, CapturedExchange x, List<Violation> found) {
    Located responses = op.node().at("responses");
    Located response = responses.at(Integer.toString(x.status()));
    if (!response.exists()) {
      response = responses.at(x.status() / 100 + "XX");
    }
    if (!response.exists()) {
      response = responses.at("default");
    }
    if (!response.exists()) {
      found.add(new Violation(op.toString(), x.toString(), "status " + x.status()
          + " is not one the operation answers: " + names(responses.node()) + "; body " + x.responseText(300)));
      return;
    }
    response = resolve(response);
    Located headers = response.at("headers");
    if (headers.exists()) {
      Iterator<String> names = headers.node().fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        Located header = resolve(headers.at(name));
        Optional<String> value = x.responseHeader(name);
        if (value.isEmpty()) {
          if (header.node().path("required").asBoolean(false)) {
            found.add(new Violation(op.toString(), x.toString(), "required response header " + name + " missing"));
          }
          continue;
        }
        Located schema = header.at("schema");
        if (schema.exists()) {
          for (Error e : schema(schema).validate(wireValue(schema, value.get().trim()), InputFormat.JSON)) {
            found.add(new Violation(op.toString(), x.toString(), "response header " + name + " '" + value.get()
                + "': " + e.getMessage()));
          }
        }
      }
    }
    Located content = response.at("content");
    boolean hasBody = x.responseBody().length > 0;
    if (!content.exists()) {
      if (hasBody) {
        found.add(new Violation(op.toString(), x.toString(), "a response body where status " + x.status()
            + " has none: " + x.responseText(300)));
      }
      return;
    }
    if (!hasBody) {
      found.add(new Violation(op.toString(), x.toString(), "no response body where status " + x.status()
          + " has " + names(content.node())));
      return;
    }
    Optional<String> type = mediaType(x.responseHeader("Content-Type"));
    if (type.isEmpty()) {
      found.add(new Violation(op.toString(), x.toString(), "a response body without Content-Type"));
      return;
    }
    Located media = content.at(type.get());
    if (!media.exists()) {
      found.add(new Violation(op.toString(), x.toString(), "response Content-Type " + type.get()
          + " is not one status " + x.status() + " has: " + names(content.node())));
      return;
    }
    if (type.get().equals("application/json")) {
      validateJson(op, x, media.at("schema"), x.responseBody(), "response body", found);
    }
  }

  private void validateJson(Operation op, CapturedExchange x, Located schema, byte[] body, String what,
      List<Violation> found) {
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      JSON.readTree(text);
    } catch (IOException e) {
      found.add(new Violation(op.toString(), x.toString(), what + " is not JSON: " + abbreviate(text)));
      return;
    }
    if (!schema.exists()) {
      return;
    }
    List<Error> errors = schema(schema).validate(text, InputFormat.JSON);
    for (Error e : errors.subList(0, Math.min(errors.size(), 10))) {
      found.add(new Violation(op.toString(), x.toString(), what + " " + e.getMessage() + " (" + abbreviate(text) + ")"));
    }
  }

  /**
   * The spec's patterns, compiled by the JDK. A few bound a repetition by more than java.util.regex
   * can count (the execution payload's Transaction: {@code ^0x[a-fA-F0-9]{0,2147483648}$}); such a
   * bound is taken as unbounded, which accepts every string the pattern does and only longer ones
   * than any message here could hold.
   */
  private static RegularExpression regularExpression(String pattern) {
    Matcher m = Pattern.compile("\\{(\\d+),(\\d{10,})\\}").matcher(pattern);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      boolean tooLarge = Long.parseLong(m.group(2)) > Integer.MAX_VALUE - 2;
      m.appendReplacement(out, Matcher.quoteReplacement(
          tooLarge ? "{" + m.group(1) + ",}" : m.group()));
    }
    m.appendTail(out);
    return JDKRegularExpressionFactory.getInstance().getRegularExpression(out.toString());
  }

  private Schema schema(Located at) {
    return schemas.computeIfAbsent(at.location(), loc -> registry.getSchema(SchemaLocation.of(loc)));
  }

  /** Follows $ref (of path items, parameters, request bodies, responses, headers) to what it names. */
  Located resolve(Located at) {
    Located current = at;
    for (int hops = 0; hops < 8; hops++) {
      if (!current.exists() || !current.node().has("$ref")) {
        return current;
      }
      String ref = current.node().get("$ref").asText();
      int hash = ref.indexOf('#');
      String filePart = hash < 0 ? ref : ref.substring(0, hash);
      String pointer = hash < 0 ? "" : ref.substring(hash + 1);
      URI file = filePart.isEmpty() ? current.file() : current.file().resolve(filePart);
      JsonNode doc = file(file);
      JsonNode node = pointer.isEmpty() ? doc : doc.at(pointer);
      current = new Located(node.isMissingNode() ? null : node, file, pointer);
      if (!current.exists()) {
        throw new IllegalStateException("the document's $ref " + ref + " in " + at.location() + " names nothing");
      }
    }
    throw new IllegalStateException("$ref chain too long at " + at.location());
  }

  private JsonNode file(URI uri) {
    return files.computeIfAbsent(uri.normalize(), u -> {
      try {
        return YAML.readTree(Path.of(u).toFile());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + u, e);
      }
    });
  }

  private static Route route(String template) {
    Matcher m = Pattern.compile("\\{([^}]+)}").matcher(template);
    StringBuilder regex = new StringBuilder();
    List<String> names = new ArrayList<>();
    int last = 0;
    while (m.find()) {
      regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
      names.add(m.group(1));
      last = m.end();
    }
    regex.append(Pattern.quote(template.substring(last)));
    return new Route(Pattern.compile(regex.toString()), List.copyOf(names), template);
  }

  private static Optional<String> mediaType(Optional<String> contentType) {
    return contentType.map(t -> t.split(";", 2)[0].trim().toLowerCase(Locale.ROOT)).filter(t -> !t.isEmpty());
  }

  private static String names(JsonNode object) {
    if (object == null) {
      return "[]";
    }
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names.toString();
  }

  private static String abbreviate(String text) {
    return text.length() <= 300 ? text : text.substring(0, 300) + "...";
  }
}
