#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# clinfo as the only platform a user has, hmmcl's and then PoCL's: the full
# (human-readable) report, including clinfo's "NULL platform behavior" checks
# that the ICD loader hands to the first platform, succeeds for hmmcl as it
# does for PoCL, and every device property clinfo shows for PoCL it shows
# for hmmcl too, except those of features hmmcl's device does not claim
# (clinfo prints them only for devices that do). icd/clinfo_side_by_side.sh
# covers both platforms behind one loader.
#   usage: clinfo.sh HMMCL_ICD_FILE LIBRARY
set -euo pipefail
# shellcheck source=../lib/common.sh
source "$(dirname "$0")/../lib/common.sh"

hmmcl_icd=$1
library=$2
pocl_icd=/etc/OpenCL/vendors/pocl.icd

command -v clinfo >/dev/null || fail "clinfo is not installed: run scripts/deps"
[[ -f "$pocl_icd" ]] ||
    fail "PoCL is not installed ($pocl_icd is missing): run scripts/deps (pocl-opencl-icd)"
[[ -f "$hmmcl_icd" ]] || fail "$hmmcl_icd does not exist"
preload_sanitizer_runtime "$library"

# alone NAME ICD_FILE CLINFO_ARGS...: clinfo with only that platform installed.
alone()
{
    local dir="$work/$1" out rc=0
    mkdir -p "$dir"
    cp "$2" "$dir/"
    out=$(OCL_ICD_VENDORS="$dir" clinfo "${@:3}" 2>&1) || rc=$?
    ((rc == 0)) || fail "clinfo ${*:3} with only $1 installed exited with $rc:"$'\n'"$out"
    echo "$out"
}

hmmcl=$(alone hmmcl "$hmmcl_icd")
pocl=$(alone pocl "$pocl_icd")
hmmcl_raw=$(alone hmmcl "$hmmcl_icd" --raw)
pocl_raw=$(alone pocl "$pocl_icd" --raw)
check_sanitizer_reports
echo "$hmmcl"

# 1. No query failed (clinfo's markers, as in icd/clinfo_side_by_side.sh).
errors=$(grep -E ': error -?[0-9]+>|size mismatch|<error|Invalid' <<<"$hmmcl" || true)
[[ -z "$errors" ]] || fail "clinfo queries of hmmcl failed:"$'\n'"$errors"
grep -Eq '^  Platform Name +hmmcl$' <<<"$hmmcl" || fail "clinfo shows no platform named hmmcl"

# 2. The NULL-platform checks: the same rows as for PoCL; each succeeds or
#    finds no device of the type asked for; the default device and all
#    devices are found.
null_rows()
{
    awk '/^NULL platform behavior/ { on = 1; next } on && /^[^ ]/ { exit }
        on && /^  cl/ { print }' <<<"$1"
}
hmmcl_null=$(null_rows "$hmmcl")
[[ -n "$hmmcl_null" ]] || fail "clinfo shows no NULL platform behavior for hmmcl"
labels() { sed -E 's/^  //; s/ {2,}.*//' <<<"$1"; }
diff_out=$(diff <(labels "$(null_rows "$pocl")") <(labels "$hmmcl_null")) ||
    fail "clinfo's NULL platform checks differ from PoCL's (< PoCL, > hmmcl):"$'\n'"$diff_out"
bad=$(grep -vE ' (Success|No devices found in platform)( \[HMMCL\]| \([0-9]+\))?$|CL_PLATFORM_NAME, ...\) +hmmcl$' \
    <<<"$hmmcl_null" || true)
[[ -z "$bad" ]] || fail "clinfo's NULL platform checks fail for hmmcl:"$'\n'"$bad"
for type in DEFAULT ALL; do
    grep -Eq "CL_DEVICE_TYPE_$type\)  Success \([1-9][0-9]*\)$" <<<"$hmmcl_null" ||
        fail "clCreateContextFromType(NULL, CL_DEVICE_TYPE_$type) finds no hmmcl device"
done

# 3. The device properties clinfo --raw lists for PoCL and not for hmmcl are
#    those of features hmmcl's device does not claim.
properties() { sed -nE "s/^\\[$1\\/[0-9]+\\] +(CL_[A-Z0-9_]+) .*/\\1/p" <<<"$2" | sort -u; }
device_value() { sed -nE "s/^\\[HMMCL\\/0\\] +$1 +(.*)/\\1/p" <<<"$hmmcl_raw"; }
extensions=$(device_value CL_DEVICE_EXTENSIONS)
missing=$(comm -23 <(properties POCL "$pocl_raw") <(properties HMMCL "$hmmcl_raw"))
unexplained=()
while read -r property; do
    [[ -n "$property" ]] || continue
    case "$property" in
    CL_DEVICE_IMAGE* | CL_DEVICE_MAX_*IMAGE_ARGS | CL_DEVICE_MAX_SAMPLERS)
        [[ "$(device_value CL_DEVICE_IMAGE_SUPPORT)" == CL_FALSE ]] && continue ;;
    CL_DEVICE_COMMAND_BUFFER_*)
        [[ " $extensions " != *" cl_khr_command_buffer "* ]] && continue ;;
    CL_DEVICE_SPIR_VERSIONS)
        [[ " $extensions " != *" cl_khr_spir "* ]] && continue ;;
    esac
    unexplained+=("$property")
done <<<"$missing"
((${#unexplained[@]} == 0)) ||
    fail "clinfo shows these device properties for PoCL and not for hmmcl: ${unexplained[*]}"
echo "PASS: clinfo on hmmcl alone: no failed query, NULL platform checks as PoCL's," \
    "PoCL's device properties but $(grep -c . <<<"$missing" || true) of unclaimed features"
