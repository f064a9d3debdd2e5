package io.hicra.core;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rollouts answer the same prompt. Rollout {@code i} belongs to dense group {@link
 * #groupOf(int) groupOf(i)} in {@code [0, count())}; groups are numbered in order of first
 * appearance, may differ in size, and need not be contiguous in the batch.
 *
 * <p>Immutable; members of each group are kept in ascending rollout order.
 */
public final class Groups {
  private final int[] groupOf;
  private final int[] start;
  private final int[] members;

  private Groups(int[] groupOf, int count) {
    this.groupOf = groupOf;
    this.start = new int[count + 1];
    for (int g : groupOf) {
      start[g + 1]++;
    }
    for (int g = 0; g < count; g++) {
      start[g + 1] += start[g];
    }
    this.members = new int[groupOf.length];
    int[] fill = Arrays.copyOf(start, count);
    for (int i = 0; i < groupOf.length; i++) {
      members[fill[groupOf[i]]++] = i;
    }
  }

  /** Groups from one integer id per rollout; equal ids form a group (ids are arbitrary ints). */
  public static Groups of(int... groupIds) {
    Checks.notNull(groupIds, "groupIds");
    int[] dense = new int[groupIds.length];
    Map<Integer, Integer> index = new HashMap<>();
    for (int i = 0; i < groupIds.length; i++) {
      Integer g = index.get(groupIds[i]);
      if (g == null) {
        g = index.size();
        index.put(groupIds[i], g);
      }
      dense[i] = g;
    }
    return new Groups(dense, index.size());
  }

  /** Groups from one key per rollout (e.g. the prompt text or id); equal keys form a group. */
  public static Groups ofKeys(List<?> keys) {
    Checks.notNull(keys, "keys");
    int[] dense = new int[keys.size()];
    Map<Object, Integer> index = new HashMap<>();
    int i = 0;
    for (Object key : keys) {
      if (key == null) {
        throw new IllegalArgumentException("keys[" + i + "] is null");
      }
      Integer g = index.get(key);
      if (g == null) {
        g = index.size();
        index.put(key, g);
      }
      dense[i++] = g;
    }
    return new Groups(dense, index.size());
  }

  /** Contiguous groups of the given sizes: the first {@code sizes[0]} rollouts, then the next … */
  public static Groups contiguous(int... sizes) {
    Checks.notNull(sizes, "sizes");
    long total = 0;
    for (int g = 0; g < sizes.length; g++) {
      if (sizes[g] <= 0) {
        throw new IllegalArgumentException("sizes[" + g + "] = " + sizes[g] + " must be positive");
      }
      total += sizes[g];
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("sizes add up to " + total + " rollouts");
    }
    int[] dense = new int[(int) total];
    int i = 0;
    for (int g = 0; g < sizes.length; g++) {
      for (int k = 0; k < sizes[g]; k++) {
        dense[i++] = g;
      }
    }
    return new Groups(dense, sizes.length);
  }

  /** Number of rollouts covered. */
  public int rollouts() {
    return groupOf.length;
  }

  /** Number of groups. */
  public int count() {
    return start.length - 1;
  }

  /** Dense group of rollout {@code rollout}. */
  public int groupOf(int rollout) {
    return groupOf[rollout];
  }

  /** Number of rollouts in group {@code group}. */
  public int size(int group) {
    return start[group + 1] - start[group];
  }

  /** The {@code k}-th rollout (ascending) of group {@code group}. */
  public int member(int group, int k) {
    Checks.index(k, size(group), "member");
    return members[start[group] + k];
  }

  /** The rollouts of group {@code group}, ascending (copies). */
  public int[] members(int group) {
    return Arrays.copyOfRange(members, start[group], start[group + 1]);
  }

  /** The largest group's size, 0 when there are no rollouts. */
  public int maxSize() {
    int max = 0;
    for (int g = 0; g < count(); g++) {
      max = Math.max(max, size(g));
    }
    return max;
  }

  // Package-private raw access for the loops of this package.
  int[] rawStart() {
    return start;
  }

  int[] rawMembers() {
    return members;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Groups && Arrays.equals(groupOf, ((Groups) o).groupOf);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(groupOf);
  }

  @Override
  public String toString() {
    return "Groups{rollouts=" + rollouts() + ", groups=" + count() + "}";
  }
}
