#!/usr/bin/env bash
# Runs `ctxtrim filter` on a bundled request and shows what it removed.
set -euo pipefail
request=${1:-examples/claude-code-request.json}
ctxtrim=$(swift build --show-bin-path)/ctxtrim
out=$(mktemp)
report=$(mktemp)
trap 'rm -f "$out" "$report"' EXIT

"$ctxtrim" filter --in "$request" --out "$out" --report "$report"
before=$(wc -c < "$request")
after=$(wc -c < "$out")
echo "ctxtrim filter < $request"
echo "  $before bytes in, $after bytes out ($(( (before - after) * 100 / before ))% smaller)"
echo
echo "stubs the model reads in place of what was removed:"
grep -o '\[ctxtrim: [^]]*\]' "$out" | sed -e 's/\\"/"/g' -e 's/^/  /'
echo
echo "full report of every edit: ctxtrim filter --in $request --report report.json"
