#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# pyopencl_check.py (PyOpenCL's arrays, reductions, scans, sorts and
# element-wise kernels against numpy) on hmmcl, installed next to PoCL.
# Debian's python3 is the one with python3-pyopencl and python3-numpy.
#   usage: pyopencl.sh HMMCL_ICD_FILE LIBRARY
set -euo pipefail
# shellcheck source=../lib/common.sh
source "$(dirname "$0")/../lib/common.sh"

hmmcl_icd=$1
library=$2
python=/usr/bin/python3

"$python" -c 'import numpy, pyopencl' 2>/dev/null ||
    fail "$python cannot import pyopencl and numpy: run scripts/deps (python3-pyopencl, python3-numpy)"
use_hmmcl_and_pocl "$hmmcl_icd"
preload_sanitizer_runtime "$library"
# Every run builds every kernel: PyOpenCL's binary cache (~/.cache) and
# hmmcl's program cache would skip the compiler on a rerun.
export PYOPENCL_NO_CACHE=1 HMMCL_CACHE=0
rc=0
"$python" "$(dirname "$0")/pyopencl_check.py" hmmcl || rc=$?
check_sanitizer_reports
((rc == 0)) || fail "pyopencl_check.py failed on hmmcl (exit status $rc)"
