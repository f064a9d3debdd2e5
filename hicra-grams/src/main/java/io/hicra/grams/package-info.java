/**
 * hicra grams. See the module README for what it holds.
 */
package io.hicra.grams;
