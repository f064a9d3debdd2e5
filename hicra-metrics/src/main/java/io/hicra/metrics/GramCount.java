package io.hicra.metrics;

/**
 * How often one outcome (a phrase, category or cluster) was counted.
 *
 * @param label the outcome's label: the phrase as written in the gram set, the category name in
 *     lower case, or the cluster's label
 * @param count occurrences counted (per the options: every occurrence or once per rollout)
 */
public record GramCount(String label, long count) {}
