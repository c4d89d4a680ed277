package io.phalanx.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option values from a file, as picocli defaults: keys are the long option names without dashes
 * ({@code beacon-node-endpoints}), values as on the command line. The file is read as Java
 * properties, so both {@code name=value} and {@code name: value} lines work (a flat YAML file too);
 * {@code #} starts a comment. A key no option has is an error naming the keys there are.
 */
final class ConfigFileDefaults implements CommandLine.IDefaultValueProvider {
  private final Map<String, String> values;

  private ConfigFileDefaults(Map<String, String> values) {
    this.values = values;
  }

  /**
   * @throws IllegalArgumentException if the file is missing, unreadable or names an unknown option
   */
  static ConfigFileDefaults load(Path file, CommandSpec command) {
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("config file not found: " + file);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage());
    }
    Map<String, OptionSpec> options = new TreeMap<>();
    for (OptionSpec o : command.options()) {
      if (!o.usageHelp() && !o.versionHelp() && !o.longestName().equals("--config-file")) {
        options.put(key(o), o);
      }
    }
    Map<String, String> values = new TreeMap<>();
    for (String name : p.stringPropertyNames()) {
      String value = strip(p.getProperty(name).trim());
      if (!options.containsKey(name)) {
        throw new IllegalArgumentException("config file " + file + " names '" + name + "', which is no option of '"
            + command.name() + "': use one of " + options.keySet().stream().collect(Collectors.joining(", ")));
      }
      values.put(name, value);
    }
    return new ConfigFileDefaults(values);
  }

  /** YAML-style quotes around a value are not part of it. */
  private static String strip(String value) {
    if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
        || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  private static String key(OptionSpec option) {
    return option.longestName().replaceFirst("^-+", "");
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (argSpec instanceof OptionSpec option) {
      String v = values.get(key(option));
      if (v != null) {
        return v;
      }
      return option.defaultValue();
    }
    return null;
  }
}
