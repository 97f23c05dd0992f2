package org.tokenstats.common.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigResolveOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.tokenstats.common.errors.Errors;

/**
 * The validated settings of one run. Built once at start-up from layered sources (later wins):
 * {@code reference.conf}, {@code -Dtokenstats.*} system properties, {@code --config} files, {@code
 * --set key=value}, then the environment variables {@link SettingKeys} names. Every value is read
 * and checked here, so a job never meets a bad setting halfway through a run.
 */
public final class Settings {
  private static final String ROOT = "tokenstats";

  private final Config config;
  private final Map<Setting<?>, Object> values;

  private Settings(Config config, Map<Setting<?>, Object> values) {
    this.config = config;
    this.values = values;
  }

  /** The sources of one run's settings; {@link #load} layers and validates them. */
  public static final class Sources {
    private final List<Path> files = new ArrayList<>();
    private final Map<String, String> assignments = new LinkedHashMap<>();
    private Map<String, String> environment = System.getenv();
    private Properties systemProperties = System.getProperties();

    public Sources configFile(Path file) {
      files.add(file);
      return this;
    }

    /** One {@code --set key=value}; a later assignment of the same key wins. */
    public Sources set(String key, String value) {
      assignments.put(key, value);
      return this;
    }

    /** Parses {@code key=value} as given on the command line. */
    public Sources set(String assignment) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw Errors.usage(
            "`--set " + assignment + "` is not of the form key=value.",
            "Write it as --set tokenstats.paths.warehouse=/data/warehouse.");
      }
      return set(assignment.substring(0, eq).strip(), assignment.substring(eq + 1).strip());
    }

    public Sources environment(Map<String, String> environment) {
      this.environment = Map.copyOf(environment);
      return this;
    }

    public Sources systemProperties(Properties systemProperties) {
      this.systemProperties = systemProperties;
      return this;
    }
  }

  /** Defaults only, plus the given assignments: what tests and notebooks start from. */
  public static Settings defaultsWith(Map<String, String> assignments) {
    Sources sources = new Sources().environment(Map.of()).systemProperties(new Properties());
    assignments.forEach(sources::set);
    return load(sources);
  }

  /** Layers the sources, rejects unknown keys, and reads every declared setting once. */
  public static Settings load(Sources sources) {
    Config reference =
        ConfigFactory.parseResources(
            Settings.class.getClassLoader(),
            "reference.conf",
            ConfigParseOptions.defaults().setAllowMissing(false));
    Map<Config, String> layers = new IdentityHashMap<>();
    List<Config> ordered = new ArrayList<>();

    Config system = ConfigFactory.parseProperties(tokenstatsOnly(sources.systemProperties));
    ordered.add(system);
    layers.put(system, "a -D system property");
    for (Path file : sources.files) {
      Config fileConfig = parseFile(file);
      ordered.add(fileConfig);
      layers.put(fileConfig, "--config " + file);
    }
    Config assignments = parseAssignments(sources.assignments);
    ordered.add(assignments);
    layers.put(assignments, "--set");
    for (Setting<?> setting : SettingKeys.ALL) {
      String variable = setting.envVar().orElse(null);
      if (variable != null && sources.environment.containsKey(variable)) {
        Config env =
            ConfigFactory.parseMap(Map.of(setting.key(), sources.environment.get(variable)));
        ordered.add(env);
        layers.put(env, "environment variable " + variable);
      }
    }

    for (Config layer : ordered) {
      rejectUnknownKeys(layer, layers.get(layer));
    }
    Config merged = reference;
    Map<String, String> sourceOfKey = new HashMap<>();
    for (Config layer : ordered) {
      merged = layer.withFallback(merged);
      for (Map.Entry<String, ConfigValue> e : layer.entrySet()) {
        sourceOfKey.put(e.getKey(), layers.get(layer));
      }
    }
    Config resolved;
    try {
      resolved = merged.resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
    } catch (ConfigException e) {
      throw Errors.usage("Settings cannot be resolved: " + e.getMessage() + ".", "Fix the value.");
    }
    Map<Setting<?>, Object> values = new LinkedHashMap<>();
    for (Setting<?> setting : SettingKeys.ALL) {
      String source = sourceOf(setting.key(), sourceOfKey);
      values.put(setting, setting.read(resolved, source));
    }
    return new Settings(resolved, values);
  }

  private static String sourceOf(String key, Map<String, String> sourceOfKey) {
    for (Map.Entry<String, String> e : sourceOfKey.entrySet()) {
      if (e.getKey().equals(key) || e.getKey().startsWith(key + ".")) {
        return e.getValue();
      }
    }
    return "reference.conf";
  }

  private static Properties tokenstatsOnly(Properties all) {
    Properties out = new Properties();
    for (String name : all.stringPropertyNames()) {
      if (name.startsWith(ROOT + ".")) {
        out.setProperty(name, all.getProperty(name));
      }
    }
    return out;
  }

  private static Config parseFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw Errors.configFileUnreadable(file.toString(), "no such file");
    }
    try {
      return ConfigFactory.parseFile(
          file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
    } catch (ConfigException e) {
      throw Errors.configFileUnreadable(file.toString(), e.getMessage());
    }
  }

  /**
   * Values from {@code --set} are plain strings (typed getters convert them), so that a URI such as
   * {@code s3a://bucket/x} is never read as a HOCON comment; a value in brackets or braces is
   * parsed as HOCON.
   */
  private static Config parseAssignments(Map<String, String> assignments) {
    Config out = ConfigFactory.empty();
    for (Map.Entry<String, String> e : assignments.entrySet()) {
      String value = e.getValue();
      Config one;
      if (value.startsWith("[") || value.startsWith("{")) {
        try {
          one = ConfigFactory.parseString(e.getKey() + " = " + value);
        } catch (ConfigException ex) {
          throw Errors.usage(
              "`--set " + e.getKey() + "=" + value + "` is not valid HOCON: " + ex.getMessage(),
              "Quote the value or fix its brackets.");
        }
      } else {
        try {
          one = ConfigFactory.parseMap(Map.of(e.getKey(), value));
        } catch (ConfigException ex) {
          throw Errors.usage(
              "`--set " + e.getKey() + "=...` has an invalid key: " + ex.getMessage(),
              "Write keys as dotted paths, e.g. tokenstats.paths.warehouse.");
        }
      }
      out = one.withFallback(out);
    }
    return out;
  }

  private static void rejectUnknownKeys(Config layer, String source) {
    for (Map.Entry<String, ConfigValue> entry : layer.entrySet()) {
      String key = entry.getKey();
      if (!isDeclared(key)) {
        throw Errors.unknownSetting(key, source, closestKey(key));
      }
    }
  }

  private static boolean isDeclared(String key) {
    for (Setting<?> setting : SettingKeys.ALL) {
      if (setting.key().equals(key) || (setting.isOpen() && key.startsWith(setting.key() + "."))) {
        return true;
      }
    }
    return false;
  }

  private static String closestKey(String key) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (Setting<?> setting : SettingKeys.ALL) {
      int d = editDistance(key, setting.key());
      if (d < bestDistance) {
        bestDistance = d;
        best = setting.key();
      }
    }
    return bestDistance <= Math.max(3, key.length() / 4) ? best : null;
  }

  private static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  /** The validated value of a setting. */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    if (!values.containsKey(setting)) {
      throw new IllegalArgumentException("Setting not declared in SettingKeys.ALL: " + setting);
    }
    return (T) values.get(setting);
  }

  /**
   * These settings as a config file (JSON, which HOCON reads), with {@code overrides} replacing
   * single keys: how a process started by tokenstats (a notebook kernel) gets exactly the settings
   * of the command that started it, whatever layers they came from.
   */
  public String render(Map<String, String> overrides) {
    Config out = config.withOnlyPath(ROOT);
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      out = out.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue()));
    }
    return out.root().render(ConfigRenderOptions.concise().setFormatted(true));
  }

  /** Every setting and its value, for the run log and `--help settings`. */
  public Map<String, String> describe() {
    Map<String, String> out = new LinkedHashMap<>();
    values.forEach((setting, value) -> out.put(setting.key(), String.valueOf(value)));
    return out;
  }

  public String landing() {
    return get(SettingKeys.LANDING);
  }

  public String warehouse() {
    return get(SettingKeys.WAREHOUSE);
  }

  public String releases() {
    return get(SettingKeys.RELEASES);
  }

  public java.time.ZoneId timeZone() {
    return get(SettingKeys.TIME_ZONE);
  }

  /** Fails with exit status 2 if a local landing folder a command reads does not exist. */
  public void requireLandingExists() {
    String landing = landing();
    if (!landing.contains("://") && !Files.isDirectory(Path.of(landing))) {
      throw Errors.missingPath(
          SettingKeys.LANDING.key(), landing, "the folder submissions are read from");
    }
  }
}
