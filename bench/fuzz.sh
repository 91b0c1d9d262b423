#!/usr/bin/env bash
# Fuzzes the JSON scanner or the whole pipeline with libFuzzer for SECONDS
# (default 60), each input held to the contract of
# Tests/ContextTrimTests/Support/FuzzContract.swift, under AddressSanitizer.
#
#   bench/fuzz.sh scanner|pipeline [SECONDS]
#
# The engine is compiled as one module with swiftc (SwiftPM cannot build a
# target for libFuzzer's main), into .build-fuzz/. The corpus starts from the
# request fixtures (cut to 64 KB) and the inputs found before
# (Tests/Fixtures/fuzz/TARGET); new inputs that reach new code are kept in
# .build-fuzz/corpus-TARGET, and a crashing or violating input is written to
# .build-fuzz/ as crash-* (copy it into Tests/Fixtures/fuzz/TARGET once
# fixed, and `make test` replays it).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?usage: bench/fuzz.sh scanner|pipeline [SECONDS]}
seconds=${2:-60}
case "$target" in scanner|pipeline) ;; *) echo "bench/fuzz.sh: no fuzz target '$target' (scanner or pipeline)" >&2; exit 64 ;; esac
./scripts/install-system-deps.sh
out=.build-fuzz
mkdir -p "$out/CLibgit2Loader" "$out/corpus-$target"

# SwiftPM's embedInCode resources, as it generates them.
python3 - "$out/embedded_resources.swift" <<'PY'
import os, sys
folder = "Sources/ContextTrim/DefaultRules"
with open(sys.argv[1], "w") as out:
    out.write("struct PackageResources {\n")
    for name in sorted(os.listdir(folder)):
        data = open(os.path.join(folder, name), "rb").read()
        out.write("static let %s: [UInt8] = [%s]\n" % (name.replace(".", "_").replace("-", "_"), ",".join(map(str, data))))
    out.write("}\n")
PY
cat > "$out/CLibgit2Loader/module.modulemap" <<MAP
module CLibgit2Loader {
    header "$PWD/Sources/CLibgit2Loader/include/libgit2_loader.h"
    export *
}
MAP

sanitizers=-sanitize=fuzzer,address
clang -c -g -O1 -fsanitize=fuzzer-no-link,address -I Sources/CLibgit2Loader/include Sources/CLibgit2Loader/loader.c -o "$out/loader.o"
swiftc -parse-as-library -emit-library -static -emit-module -module-name ContextTrim -package-name ContextTrim -enable-testing -g $sanitizers \
    -I Sources/CXXHash -I "$out/CLibgit2Loader" -module-cache-path "$out/module-cache" \
    $(find Sources/ContextTrim -name '*.swift' | sort) "$out/embedded_resources.swift" \
    -emit-module-path "$out/ContextTrim.swiftmodule" -o "$out/libContextTrim.a"
swiftc -parse-as-library -package-name ContextTrim -g $sanitizers -I "$out" -I Sources/CXXHash -I "$out/CLibgit2Loader" -module-cache-path "$out/module-cache" \
    Tests/ContextTrimTests/Support/FuzzContract.swift "bench/fuzz/$target.swift" "$out/libContextTrim.a" "$out/loader.o" \
    -lxxhash -o "$out/fuzz-$target"

seeds="$out/seeds-$target"
rm -rf "$seeds" && mkdir -p "$seeds"
find Tests/Fixtures/corpus Tests/Fixtures/handwritten Tests/Fixtures/JSONTestSuite -name '*.json' | while read -r file; do
    head -c 65536 "$file" > "$seeds/$(echo "$file" | tr '/' '_')"
done
mkdir -p "Tests/Fixtures/fuzz/$target"
"$out/fuzz-$target" -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
    -artifact_prefix="$out/" "$out/corpus-$target" "$seeds" "Tests/Fixtures/fuzz/$target"
