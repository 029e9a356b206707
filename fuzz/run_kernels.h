/* SPDX-License-Identifier: MIT */
/*
 * Running the kernels of a verified program on untrusted terms, for the
 * fuzzers: every global, constant and generic access goes through a
 * translate() that maps only a small window of fuzzer-owned memory (pointer
 * arguments point into it) and the program's data segment, everything else
 * faults, and each work-group gets a small instruction budget. What the
 * verifier accepted must then run without the executor misbehaving: no
 * access outside those buffers (ASan), no broken translate() contract, no
 * undefined behaviour (UBSan), no hang.
 */
#ifndef HMM_FUZZ_RUN_KERNELS_H
#define HMM_FUZZ_RUN_KERNELS_H

#include "engine/engine.h"

/*
 * Run each kernel of @prog (at most a few) on two small work-groups. Kernels
 * whose resources are beyond what the sandbox offers (a large argument
 * block, private or local size, data segment, register file) are skipped.
 * Returns the number of kernels run.
 */
unsigned hmm_fuzz_run_kernels(const struct hmm_program *prog);

#endif
