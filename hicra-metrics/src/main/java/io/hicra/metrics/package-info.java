/**
 * hicra metrics. See the module README for what it holds.
 */
package io.hicra.metrics;
