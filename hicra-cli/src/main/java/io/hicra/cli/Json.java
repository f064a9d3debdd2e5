package io.hicra.cli;

import com.fasterxml.jackson.core.JsonFactory;

/** The JSON factory for outputs. */
final class Json {
  private Json() {}

  static final JsonFactory FACTORY = JsonFactory.builder().build();
}
