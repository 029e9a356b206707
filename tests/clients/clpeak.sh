#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Debian's clpeak on PoCL and on hmmcl, one after the other: clpeak builds all
# its kernels in one program per device, then runs the tests it is asked for.
# On hmmcl every test must print a positive figure on each of its lines, with
# nothing reported as an error, unsupported or skipped, and the results must
# have PoCL's layout (the same tests, the same lines) line by line.
#
# The tests run are the ones that take seconds on hmmcl's interpreter: the
# compute tests (single, double precision, integer, 24-bit integer), transfer
# bandwidth and kernel launch latency. --global-bandwidth is left out: it
# streams 128 MiB buffers 20 times per vector width, about three minutes on
# hmmcl's interpreter (docs/clients.md has its figures from a run by hand).
#   usage: clpeak.sh HMMCL_ICD_FILE LIBRARY
set -euo pipefail
# shellcheck source=../lib/common.sh
source "$(dirname "$0")/../lib/common.sh"

hmmcl_icd=$1
library=$2
tests=(--compute-sp --compute-dp --compute-integer --compute-intfast --transfer-bandwidth
    --kernel-latency)

command -v clpeak >/dev/null || fail "clpeak is not installed: run scripts/deps"
use_hmmcl_and_pocl "$hmmcl_icd"
preload_sanitizer_runtime "$library"
# hmmcl builds every kernel (its program cache would skip the compiler on a rerun)
export HMMCL_CACHE=0

# run PLATFORM_NAME: clpeak's output there in $work/NAME.out.
run()
{
    local name=$1 index out rc=0
    index=$(platform_index "$name")
    out="$work/${name// /_}.out"
    clpeak -p "$index" -d 0 "${tests[@]}" >"$out" 2>&1 || rc=$?
    echo "--- clpeak ${tests[*]} on $name (platform $index): exit status $rc"
    cat "$out"
    return "$rc"
}

# The results of clpeak's output $1, without the platform and device lines
# before them, figures replaced by N: the layout to compare.
layout()
{
    awk '/^    Clock frequency/ { started = 1; next } started' "$1" |
        sed -E 's/[0-9]+(\.[0-9]+)?/N/g'
}

pocl_rc=0
run "Portable Computing Language" || pocl_rc=$?
hmmcl_rc=0
run hmmcl || hmmcl_rc=$?
check_sanitizer_reports
pocl="$work/Portable_Computing_Language.out"
hmmcl="$work/hmmcl.out"

((pocl_rc == 0)) || fail "clpeak exited with $pocl_rc on PoCL: the reference is broken"
# Without cl_khr_fp16 (hmmcl does not report it) clpeak skips half precision
# with a notice: the one skip that is right.
bad=$(grep -inE 'error|not supported|unsupported|skipped|failed|build log' "$hmmcl" |
    grep -vF 'No half precision support! Skipped' || true)
[[ -z "$bad" ]] || fail "clpeak reports problems on hmmcl:"$'\n'"$bad"
((hmmcl_rc == 0)) || fail "clpeak exited with $hmmcl_rc on hmmcl"

# Every line with a figure: "label : FIGURE [unit]", the figure positive.
figures=$(awk '/^    Clock frequency/ { started = 1; next } started && / : /' "$hmmcl")
[[ -n "$figures" ]] || fail "clpeak printed no figures on hmmcl"
not_positive=$(awk -F' : ' '{ split($2, f, " "); if (!(f[1] ~ /^[0-9]+(\.[0-9]+)?$/ && f[1] + 0 > 0)) print }' \
    <<<"$figures")
[[ -z "$not_positive" ]] || fail "clpeak printed no positive figure on these lines on hmmcl:"$'\n'"$not_positive"
for title in 'Single-precision compute (GFLOPS)' 'Double-precision compute (GFLOPS)' \
    'Integer compute (GIOPS)' 'Integer compute Fast 24bit (GIOPS)' 'Transfer bandwidth (GBPS)' \
    'Kernel launch latency : '; do
    grep -qF "    $title" "$hmmcl" || fail "clpeak printed no '$title' results on hmmcl"
done

diff_out=$(diff <(layout "$pocl") <(layout "$hmmcl")) ||
    fail "clpeak's results on hmmcl are not laid out as on PoCL (< PoCL, > hmmcl):"$'\n'"$diff_out"
echo "PASS: clpeak on hmmcl: $(wc -l <<<"$figures") figures, all positive, PoCL's layout"
