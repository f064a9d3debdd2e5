package io.hicra.metrics;

/**
 * The procedural n-grams that follow one strategic outcome (a phrase, category or cluster).
 *
 * @param label the outcome's label
 * @param pairs occurrences of the outcome followed by a procedural n-gram
 * @param distinctFollowers distinct procedural n-grams among them
 * @param entropy {@code H(P | S = s)} in the result's unit: entropy of those n-grams
 */
public record StrategicBreakdown(String label, long pairs, int distinctFollowers, double entropy) {}
