#!/usr/bin/env bash
# Differential check of the validator against ptxas: mutates the corpus, runs every case through
# ptxas and through the engine's loader, and prints the cases where they disagree.
#   compare-with-ptxas.sh BUILD_DIR [CASES] [SEED]
# "qiao refuses, ptxas accepts" is a validator bug (real PTX would be refused); "ptxas refuses,
# qiao loads" is a rule not yet checked (or one the decoder does not need).
set -uo pipefail
build="$1"; cases="${2:-500}"; seed="${3:-1}"
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../../../../scripts/nvcc-path.sh"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
"$build/bin/qiao-ptx-fuzz" --emit "$work" --cases "$cases" --seed "$seed" "$here/corpus" >/dev/null
agree=0; falseReject=0; missed=0
for f in "$work"/case-*.ptx; do
  ptxas -arch=sm_80 "$f" -o /dev/null >/dev/null 2>&1 && p=1 || p=0
  q=$("$build/bin/qiao-ptx-fuzz" --replay "$f" | grep -q ': rejected' && echo 0 || echo 1)
  if [[ $p == "$q" ]]; then agree=$((agree + 1)); continue; fi
  if [[ $p == 1 ]]; then
    falseReject=$((falseReject + 1))
    echo "qiao refuses, ptxas accepts: $(basename "$f"): $("$build/bin/qiao-ptx-fuzz" --replay "$f" | cut -c1-300)"
  else
    missed=$((missed + 1))
    echo "ptxas refuses, qiao loads: $(basename "$f"): $(ptxas -arch=sm_80 "$f" -o /dev/null 2>&1 | head -1 | cut -c1-200)"
  fi
done
echo "$agree agree, $falseReject refused by qiao only, $missed refused by ptxas only"
