package io.hicra.grams;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * An immutable, ordered set of Strategic Grams with stable ids {@code 0 .. size() - 1}.
 *
 * <p>Two grams are the same when their phrases have the same {@linkplain TextNormalizer#normalize
 * normalised form}; a builder keeps the first and counts the others in {@link
 * #duplicatesMerged()}, with a message per merge in {@link #mergeWarnings()}. Every phrase must
 * contain a letter or a digit and no tab or line break.
 *
 * <h2>TSV lexicons</h2>
 *
 * UTF-8 text, one gram per line: {@code phrase<TAB>category}, the category a {@link GramCategory}
 * name in any case. Blank lines and lines starting with {@code #} are ignored; a leading byte
 * order mark is skipped. A malformed line fails with an {@link IllegalArgumentException} naming
 * the source, the line number and the line.
 *
 * <p>Instances are immutable and safe to share between threads.
 */
public final class StrategicGramSet implements Iterable<StrategicGram> {
  /** Classpath resource of the shipped lexicon. */
  static final String DEFAULT_RESOURCE = "default-lexicon.tsv";

  private final List<StrategicGram> grams;
  private final String[] normalized;
  private final Map<String, Integer> idByNormalized;
  private final List<String> mergeWarnings;

  private StrategicGramSet(
      List<StrategicGram> grams,
      String[] normalized,
      Map<String, Integer> idByNormalized,
      List<String> mergeWarnings) {
    this.grams = grams;
    this.normalized = normalized;
    this.idByNormalized = idByNormalized;
    this.mergeWarnings = mergeWarnings;
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A set of the given grams, in order (duplicates after normalisation merged).
   *
   * @throws IllegalArgumentException if a gram is null or its phrase is not a valid phrase
   */
  public static StrategicGramSet of(StrategicGram... grams) {
    if (grams == null) {
      throw new IllegalArgumentException("grams must not be null");
    }
    return builder().addAll(Arrays.asList(grams)).build();
  }

  /** Like {@link #of(StrategicGram...)} for any iterable. */
  public static StrategicGramSet copyOf(Iterable<StrategicGram> grams) {
    return builder().addAll(grams).build();
  }

  /**
   * The lexicon shipped with hicra: strategic phrases of mathematical reasoning traces, written
   * for this library and reviewed by hand (see the module README for how it was made). Loaded
   * once and cached.
   */
  public static StrategicGramSet defaultSet() {
    return DefaultHolder.SET;
  }

  private static final class DefaultHolder {
    static final StrategicGramSet SET = loadDefault();

    private static StrategicGramSet loadDefault() {
      try (InputStream in = StrategicGramSet.class.getResourceAsStream(DEFAULT_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
        }
        return read(new InputStreamReader(in, StandardCharsets.UTF_8), DEFAULT_RESOURCE);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + DEFAULT_RESOURCE, e);
      }
    }
  }

  /**
   * Reads a TSV lexicon from a UTF-8 file.
   *
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming the file, line number and line if a line is malformed
   */
  public static StrategicGramSet load(Path file) throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(in, file.toString());
    }
  }

  /**
   * Reads a TSV lexicon; {@code sourceName} appears in error messages. Does not close {@code in}.
   *
   * @throws IOException if reading fails
   * @throws IllegalArgumentException naming the source, line number and line if a line is
   *     malformed
   */
  public static StrategicGramSet read(Reader in, String sourceName) throws IOException {
    if (in == null) {
      throw new IllegalArgumentException("in must not be null");
    }
    BufferedReader reader = in instanceof BufferedReader ? (BufferedReader) in : new BufferedReader(in);
    Builder builder = builder();
    String line;
    int lineNo = 0;
    while ((line = reader.readLine()) != null) {
      lineNo++;
      if (lineNo == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
        line = line.substring(1);
      }
      String trimmed = line.strip();
      if (trimmed.isEmpty() || trimmed.charAt(0) == '#') {
        continue;
      }
      String where = sourceName + " line " + lineNo + ": ";
      int tab = line.indexOf('\t');
      if (tab < 0) {
        throw new IllegalArgumentException(
            where + "expected 'phrase<TAB>category', found no tab in '" + line + "'");
      }
      if (line.indexOf('\t', tab + 1) >= 0) {
        throw new IllegalArgumentException(
            where + "expected exactly one tab, found more in '" + line + "'");
      }
      GramCategory category;
      try {
        category = GramCategory.parse(line.substring(tab + 1));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage() + " in '" + line + "'", e);
      }
      builder.add(line.substring(0, tab), category, where, line);
    }
    return builder.build();
  }

  /**
   * Writes this set as a TSV lexicon (a header comment, then one {@code phrase<TAB>CATEGORY} line
   * per gram in id order). Does not close {@code out}.
   */
  public void write(Writer out) throws IOException {
    if (out == null) {
      throw new IllegalArgumentException("out must not be null");
    }
    out.write("# hicra Strategic Gram lexicon: phrase<TAB>category, " + size() + " grams\n");
    for (StrategicGram g : grams) {
      out.write(g.phrase());
      out.write('\t');
      out.write(g.category().name());
      out.write('\n');
    }
    out.flush();
  }

  /** Writes this set to a UTF-8 TSV file, replacing it. */
  public void save(Path file) throws IOException {
    if (file == null) {
      throw new IllegalArgumentException("file must not be null");
    }
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      write(w);
    }
  }

  /** Number of grams. */
  public int size() {
    return grams.size();
  }

  /** Whether the set has no grams. */
  public boolean isEmpty() {
    return grams.isEmpty();
  }

  /**
   * The gram with id {@code gramId}.
   *
   * @throws IndexOutOfBoundsException if {@code gramId} is outside {@code [0, size())}
   */
  public StrategicGram get(int gramId) {
    if (gramId < 0 || gramId >= grams.size()) {
      throw new IndexOutOfBoundsException(
          "gramId " + gramId + " is outside [0, " + grams.size() + ")");
    }
    return grams.get(gramId);
  }

  /** The normalised phrase of gram {@code gramId}: what the matcher looks for. */
  public String normalizedPhrase(int gramId) {
    get(gramId);
    return normalized[gramId];
  }

  /** The id of the gram whose phrase normalises like {@code phrase}, or -1 if there is none. */
  public int indexOf(String phrase) {
    if (phrase == null) {
      return -1;
    }
    Integer id = idByNormalized.get(TextNormalizer.normalize(phrase));
    return id == null ? -1 : id;
  }

  /** Whether a gram's phrase normalises like {@code phrase}. */
  public boolean contains(String phrase) {
    return indexOf(phrase) >= 0;
  }

  /** The grams in id order (unmodifiable). */
  public List<StrategicGram> grams() {
    return grams;
  }

  /** Number of grams per category, every category present (possibly 0). */
  public Map<GramCategory, Integer> countByCategory() {
    Map<GramCategory, Integer> counts = new EnumMap<>(GramCategory.class);
    for (GramCategory c : GramCategory.values()) {
      counts.put(c, 0);
    }
    for (StrategicGram g : grams) {
      counts.merge(g.category(), 1, Integer::sum);
    }
    return counts;
  }

  /** How many phrases the builder dropped as duplicates of an earlier one. */
  public int duplicatesMerged() {
    return mergeWarnings.size();
  }

  /** One message per merged duplicate, naming both phrases (and the line, for TSV input). */
  public List<String> mergeWarnings() {
    return mergeWarnings;
  }

  /**
   * A new set keeping {@code round(keepFraction * size())} grams chosen uniformly at random with
   * {@code seed}, in their original order (ids renumbered). The paper's robustness check removed
   * 30% of the grams: {@code keepFraction(0.7, seed)}. Same seed, same result.
   *
   * @throws IllegalArgumentException if {@code keepFraction} is outside {@code [0, 1]}
   */
  public StrategicGramSet keepFraction(double keepFraction, long seed) {
    if (!(keepFraction >= 0 && keepFraction <= 1)) {
      throw new IllegalArgumentException("keepFraction must be in [0, 1], got " + keepFraction);
    }
    int n = size();
    int keep = (int) Math.round(keepFraction * n);
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < keep; i++) {
      int j = i + random.nextInt(n - i);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[] kept = Arrays.copyOf(order, keep);
    Arrays.sort(kept);
    Builder b = builder();
    for (int id : kept) {
      b.add(grams.get(id));
    }
    return b.build();
  }

  @Override
  public Iterator<StrategicGram> iterator() {
    return grams.iterator();
  }

  /** Equal when both hold equal grams in the same order. */
  @Override
  public boolean equals(Object o) {
    return o instanceof StrategicGramSet && grams.equals(((StrategicGramSet) o).grams);
  }

  @Override
  public int hashCode() {
    return grams.hashCode();
  }

  @Override
  public String toString() {
    return "StrategicGramSet{size=" + size() + ", byCategory=" + countByCategory() + "}";
  }

  /** Collects grams in order; {@link #build()} merges duplicates and freezes them. */
  public static final class Builder {
    private final List<StrategicGram> grams = new ArrayList<>();
    private final List<String> normalized = new ArrayList<>();
    private final Map<String, Integer> ids = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a gram.
     *
     * @throws IllegalArgumentException if the phrase is blank, has no letter or digit, or holds
     *     a tab or line break
     */
    public Builder add(String phrase, GramCategory category) {
      return add(new StrategicGram(phrase, category), "", null);
    }

    /** Adds a gram; see {@link #add(String, GramCategory)}. */
    public Builder add(StrategicGram gram) {
      if (gram == null) {
        throw new IllegalArgumentException("gram must not be null");
      }
      return add(gram, "", null);
    }

    /** Adds every gram of {@code grams} in order. */
    public Builder addAll(Iterable<StrategicGram> grams) {
      if (grams == null) {
        throw new IllegalArgumentException("grams must not be null");
      }
      int i = 0;
      for (StrategicGram g : grams) {
        if (g == null) {
          throw new IllegalArgumentException("grams[" + i + "] must not be null");
        }
        add(g, "grams[" + i + "]: ", null);
        i++;
      }
      return this;
    }

    Builder add(String phrase, GramCategory category, String where, String line) {
      StrategicGram gram;
      try {
        gram = new StrategicGram(phrase, category);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage() + quote(line), e);
      }
      return add(gram, where, line);
    }

    private static String quote(String line) {
      return line == null ? "" : " in '" + line + "'";
    }

    private Builder add(StrategicGram gram, String where, String line) {
      String phrase = gram.phrase();
      if (!TextNormalizer.hasLetterOrDigit(phrase)) {
        throw new IllegalArgumentException(
            where + "phrase '" + phrase + "' has no letter or digit" + quote(line));
      }
      for (int i = 0; i < phrase.length(); i++) {
        char c = phrase.charAt(i);
        if (c == '\t' || c == '\n' || c == '\r') {
          throw new IllegalArgumentException(
              where + "phrase '" + phrase + "' holds a tab or line break at index " + i
                  + quote(line));
        }
      }
      String key = TextNormalizer.normalize(phrase);
      Integer existing = ids.get(key);
      if (existing != null) {
        StrategicGram first = grams.get(existing);
        warnings.add(
            where + "phrase '" + phrase + "' (" + gram.category() + ") duplicates gram "
                + existing + " '" + first.phrase() + "' (" + first.category()
                + ") after normalisation; merged into it");
        return this;
      }
      ids.put(key, grams.size());
      grams.add(gram);
      normalized.add(key);
      return this;
    }

    /** Number of distinct grams added so far. */
    public int size() {
      return grams.size();
    }

    /** The immutable set. The builder may be reused; later additions do not affect it. */
    public StrategicGramSet build() {
      return new StrategicGramSet(
          Collections.unmodifiableList(new ArrayList<>(grams)),
          normalized.toArray(new String[0]),
          Collections.unmodifiableMap(new HashMap<>(ids)),
          Collections.unmodifiableList(new ArrayList<>(warnings)));
    }
  }
}
