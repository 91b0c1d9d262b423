#!/usr/bin/env bash
# `make bench`: what users get, measured side by side in one run on this
# machine (release builds), each part printed as it finishes:
#   1. whole process: `ctxtrim filter` on a small body and 1 MB and 10 MB
#      bodies per wire format, against issue 12's targets (bench/whole_process.py);
#   2. scaling: time per MB and peak memory across sizes and shapes, up to
#      SCALING_MB (default 100; 500 for the full run) (bench/scaling.py);
#   3. tokens: the o200k counter beside tiktoken on the same text (bench/tokens.py);
#   4. in process: `Trimmer` on bytes in memory, ignore rules alone and the
#      default pipeline (the ordo-one/benchmark harness, bench/Benchmarks);
#   5. the proxy's added latency and throughput (bench/proxy_latency.py).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/install-system-deps.sh wrk
./scripts/setup-test-env.sh
python3 bench/make_inputs.py bench/inputs
swift build -c release --static-swift-stdlib --product ctxtrim >/dev/null
ctxtrim="$(swift build -c release --show-bin-path)/ctxtrim"
(cd bench && swift build -c release --product Tokens >/dev/null && swift build -c release --product BenchUpstream >/dev/null && swift build -c release --product BenchFloor >/dev/null)
bench_bin="$(cd bench && swift build -c release --show-bin-path)"
echo "## Machine"
echo "$(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(swift --version 2>/dev/null | head -1)"
echo
echo "## 1. Whole process"
python3 bench/whole_process.py "$ctxtrim" bench/inputs
echo
echo "## 2. Scaling"
(cd bench && python3 scaling.py "$ctxtrim" "${SCALING_MB:-100}")
echo
echo "## 3. Tokens"
.build/venv/bin/python bench/tokens.py "$bench_bin/Tokens" bench/inputs/strings.txt
echo
echo "## 4. In process"
(cd bench && swift package --allow-writing-to-package-directory benchmark --no-progress --format markdown)
echo
echo "## 5. Proxy"
python3 bench/proxy_latency.py "$ctxtrim" "$bench_bin/BenchUpstream"
