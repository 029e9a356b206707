#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# hmmcl next to PoCL behind one ICD loader, as on a user's machine: clinfo
# lists both platforms, hmmcl's device reports fine-grained system SVM and SVM
# atomics, and none of clinfo's queries of hmmcl fails.
#   usage: clinfo_side_by_side.sh HMMCL_ICD_FILE LIBRARY
set -euo pipefail
# shellcheck source=../lib/common.sh
source "$(dirname "$0")/../lib/common.sh"

hmmcl_icd=$1
library=$2

command -v clinfo >/dev/null || fail "clinfo is not installed: run scripts/deps"
use_hmmcl_and_pocl "$hmmcl_icd"
preload_sanitizer_runtime "$library"

# 1. Both platforms are listed.
list=$(clinfo -l 2>&1) || fail "clinfo -l exited with $?:"$'\n'"$list"
echo "$list"
check_sanitizer_reports
grep -Eq '^Platform #[0-9]+: Portable Computing Language$' <<<"$list" ||
    fail "clinfo -l does not list PoCL next to hmmcl"
grep -Eq '^Platform #[0-9]+: hmmcl$' <<<"$list" || fail "clinfo -l does not list hmmcl next to PoCL"
[[ $(grep -c '^Platform #' <<<"$list") -eq 2 ]] || fail "clinfo -l lists other than 2 platforms"

# 2. hmmcl's section of the raw output. Platform properties come first, one
#    paragraph per platform, unprefixed; then each platform's devices, every
#    line prefixed by [SUFFIX/*] (platform) or [SUFFIX/N] (device N), where
#    SUFFIX is the platform's CL_PLATFORM_ICD_SUFFIX_KHR.
raw=$(clinfo --raw 2>&1) || fail "clinfo --raw exited with $?:"$'\n'"$raw"
check_sanitizer_reports
platform=$(awk -v RS= '/(^|\n)  CL_PLATFORM_NAME +hmmcl(\n|$)/' <<<"$raw")
[[ -n "$platform" ]] || fail "no platform paragraph named hmmcl in clinfo --raw:"$'\n'"$raw"
prefix=$(sed -nE 's|^\[([^]/]*)/\*\] +CL_PLATFORM_NAME +hmmcl$|\1|p' <<<"$raw" | head -n1)
[[ -n "$prefix" ]] || fail "clinfo --raw prints no device section for hmmcl:"$'\n'"$raw"
devices=$(grep -F "[$prefix/" <<<"$raw" || true)
section="$platform"$'\n'"$devices"
echo "--- hmmcl in clinfo --raw (prefix [$prefix/...])"
echo "$section"
echo "---"

grep -Eq '^  CL_PLATFORM_ICD_SUFFIX_KHR +HMMCL$' <<<"$platform" ||
    fail "hmmcl's CL_PLATFORM_ICD_SUFFIX_KHR is not HMMCL"
svm=$(grep -E "^\[$prefix/0\] +CL_DEVICE_SVM_CAPABILITIES " <<<"$devices" || true)
[[ -n "$svm" ]] || fail "clinfo shows no CL_DEVICE_SVM_CAPABILITIES for hmmcl's device 0"
grep -q 'CL_DEVICE_SVM_FINE_GRAIN_SYSTEM' <<<"$svm" ||
    fail "hmmcl's device does not report fine-grained system SVM: $svm"
grep -q 'CL_DEVICE_SVM_ATOMICS' <<<"$svm" || fail "hmmcl's device does not report SVM atomics: $svm"

# 3. No query of hmmcl failed. clinfo prints a failing query as
#    "<function:line: what : error N>", a short answer as "size mismatch",
#    and rejected values as "Invalid ...".
errors=$(grep -E ': error -?[0-9]+>|size mismatch|<error|Invalid' <<<"$section" || true)
[[ -z "$errors" ]] || fail "clinfo queries of hmmcl failed:"$'\n'"$errors"

echo "PASS: hmmcl and PoCL side by side; hmmcl reports fine-grained system SVM and atomics"
