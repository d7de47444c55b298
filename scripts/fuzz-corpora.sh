#!/usr/bin/env bash
# Seeds each fuzz target's corpus from the project's fixtures and examples (fuzz/corpus/,
# not committed). The targets' input layouts: a leading mode byte for lint and plan, 0xFF
# between an upload and a snapshot, and between a JIM configuration and its state.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=fuzz/corpus
mkdir -p "$corpus"/{json_front,lint,plan,jim_expr,jim_preview}
n=0
for file in examples/*.json examples/*/*.json tests/fixtures/*/*.json; do
  n=$((n + 1))
  cp "$file" "$corpus/json_front/seed-$n.json"
  { printf '\000'; cat "$file"; } > "$corpus/lint/seed-$n"
done
for example in hris override cross-scope; do
  for upload in examples/$example/upload*.json; do
    { printf '\000'; cat "$upload"; printf '\377'; cat "examples/$example/snapshot.json"; } > "$corpus/plan/seed-$example-$(basename "$upload")"
  done
done
{ cat tests/fixtures/plan/hris-today.json; printf '\377'; cat tests/fixtures/plan/hris-before.json; } > "$corpus/plan/seed-hris-small"
{ cat examples/jim/config.json; printf '\377'; cat examples/jim/state.json; } > "$corpus/jim_preview/seed-example"
# Expressions from the example configuration, one per file.
grep -o '"expression": "[^"\\]*\(\\.[^"\\]*\)*"' examples/jim/config.json tests/jim_rules.rs 2>/dev/null \
  | sed 's/^[^:]*:"expression": "//; s/"$//; s/\\"/"/g' | nl -nln | while read -r i expr; do
  printf '%s' "$expr" > "$corpus/jim_expr/seed-$i"
done
printf '%s' 'IIF(Eq(Lower(Trim(cs["name"])), "ada"), FormatDate(Now(), "yyyy-MM-dd"), Join(Split("a,b"), "|"))' > "$corpus/jim_expr/seed-functions"
echo "seeded $(find "$corpus" -type f | wc -l) corpus files"
