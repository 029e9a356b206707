#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# CLBlast's own correctness tests (Debian's clblast-tests) of one BLAS routine
# on PoCL and on hmmcl, one after the other in the same run: each precision's
# test-cases must all complete on hmmcl with nothing failed and no error
# printed, and hmmcl's passed/skipped counts must equal PoCL's, precision by
# precision. CLBlast counts a kernel that does not build as skipped, and the
# invalid-argument cases the reference BLAS cannot judge as skipped, so equal
# counts (not only "0 failed") are what shows every kernel built and ran.
#   usage: clblast.sh HMMCL_ICD_FILE LIBRARY ROUTINE   (ROUTINE: xgemm, ...)
set -euo pipefail
# shellcheck source=../lib/common.sh
source "$(dirname "$0")/../lib/common.sh"

hmmcl_icd=$1
library=$2
routine=$3
tester=/usr/bin/clblast_test_$routine

[[ -x "$tester" ]] || fail "$tester is not installed: run scripts/deps (clblast-tests)"
use_hmmcl_and_pocl "$hmmcl_icd"
preload_sanitizer_runtime "$library"
# hmmcl builds every kernel (its program cache would skip the compiler on a rerun)
export HMMCL_CACHE=0

# summarize LOG: one line per precision the tester started, in order:
# "NAME passed P skipped S failed F", or "NAME unsupported" where the tester
# skipped the precision because the device lacks it (half without cl_khr_fp16).
summarize()
{
    sed 's/\x1b\[[0-9;]*m//g' "$1" | awk '
        /^\* Starting tests for the / { name = $6; gsub(/\047/, "", name); next }
        /^\* All tests skipped: Unsupported precision/ { print name, "unsupported"; next }
        /^ +[0-9]+ test\(s\) passed$/ { p = $1; next }
        /^ +[0-9]+ test\(s\) skipped$/ { s = $1; next }
        /^ +[0-9]+ test\(s\) failed$/ { print name, "passed", p, "skipped", s, "failed", $1 }'
}

# Lines of LOG reporting an error (CLBlast's "Run-time error", exceptions,
# anything else mentioning an error, but not the legend or the error margins),
# counted, with the progress characters printed before them taken off.
errors_in()
{
    sed 's/\x1b\[[0-9;]*m//g' "$1" | grep -iE 'error|exception' |
        grep -vE '^ +[^ ]+ -> |error margins' | sed -E 's|^[ :./X\\o-]+||' | sort | uniq -c || true
}

# run PLATFORM_NAME: runs the tester there, leaves its log in $work/NAME.log.
run()
{
    local name=$1 index log rc=0
    index=$(platform_index "$name")
    log="$work/${name// /_}.log"
    "$tester" -platform "$index" -device 0 >"$log" 2>&1 || rc=$?
    echo "$routine on $name (platform $index): exit status $rc," \
        "$(awk '{ gsub(/\x1b\[[0-9;]*m/, "") } /^\* Running on/ { print; exit }' "$log")"
    return "$rc"
}

# Fails with $1 after the hmmcl run's outline: what it tested, pass rates.
fail_with_log()
{
    echo "--- $routine on hmmcl, outline of the log:"
    sed 's/\x1b\[[0-9;]*m//g' "$work/hmmcl.log" |
        grep -oE "^\* (Starting tests for the '[^']*'|All tests.*)|[0-9]+ test\(s\) [a-z]+$" | head -n 80
    fail "$1"
}

pocl_rc=0
run "Portable Computing Language" || pocl_rc=$?
pocl=$(summarize "$work/Portable_Computing_Language.log")
hmmcl_rc=0
run hmmcl || hmmcl_rc=$?
check_sanitizer_reports
hmmcl=$(summarize "$work/hmmcl.log")

echo "counts per precision (PoCL | hmmcl):"
paste -d '|' <(echo "$pocl") <(echo "$hmmcl") | awk -F'|' '{ printf "  %-48s | %s\n", $1, $2 }'

[[ -n "$pocl" ]] || fail "no results from $routine on PoCL (exit status $pocl_rc)"
if ((pocl_rc != 0)) || grep -qv ' failed 0$\| unsupported$' <<<"$pocl"; then
    fail "$routine fails on PoCL itself (exit status $pocl_rc): the reference is broken"
fi
hmmcl_errors=$(errors_in "$work/hmmcl.log")
[[ -z "$hmmcl_errors" ]] || fail_with_log "$routine printed errors on hmmcl:"$'\n'"$hmmcl_errors"
[[ -n "$hmmcl" ]] || fail_with_log "no results from $routine on hmmcl (exit status $hmmcl_rc)"
((hmmcl_rc == 0)) || fail_with_log "$routine exited with $hmmcl_rc on hmmcl"
bad=$(grep -v ' failed 0$\| unsupported$' <<<"$hmmcl" || true)
[[ -z "$bad" ]] || fail_with_log "$routine has failed test-cases on hmmcl:"$'\n'"$bad"
[[ "$hmmcl" == "$pocl" ]] ||
    fail_with_log "$routine's counts on hmmcl differ from PoCL's:"$'\n'"$(diff <(echo "$pocl") <(echo "$hmmcl") || true)"
echo "PASS: $routine on hmmcl: $(wc -l <<<"$hmmcl") precisions, the same passed/skipped counts as PoCL, none failed"
