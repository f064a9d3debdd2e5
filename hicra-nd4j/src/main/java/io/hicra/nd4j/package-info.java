/**
 * hicra nd4j. See the module README for what it holds.
 */
package io.hicra.nd4j;
