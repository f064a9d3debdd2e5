/**
 * hicra examples. See the module README for what it holds.
 */
package io.hicra.examples;
