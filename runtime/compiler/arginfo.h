/* SPDX-License-Identifier: MIT */
/*
 * DOC: kernel argument information
 *
 * What clGetKernelArgInfo reports for programs built from source with
 * -cl-kernel-arg-info: clang's kernel_arg_* metadata, read from the
 * disassembled module (SPIR-V does not carry the type names, qualifiers as
 * written or argument names). Kept as text so it can travel in program
 * binaries and cache entries unchanged:
 *
 *   kernel <name>
 *   <address qualifier> <access qualifier> <type qualifier bits>\t<type name>\t<arg name>
 *   ... one line per argument, in order ...
 *
 * with the qualifiers as the CL_KERNEL_ARG_* values in decimal.
 */
#ifndef HMMCL_COMPILER_ARGINFO_H
#define HMMCL_COMPILER_ARGINFO_H

#include <stdbool.h>

struct hmmcl_kernel_info;

/* The argument information of every kernel in LLVM assembly @text (malloc'd; NULL if OOM). */
char *hmmcl_arginfo_from_llvm(const char *text);

/*
 * Fill the qualifiers, type names and names of @k's arguments from @text.
 * Returns false if @text has no complete entry for @k (nothing is changed
 * then) or memory ran out.
 */
bool hmmcl_arginfo_apply(const char *text, struct hmmcl_kernel_info *k);

#endif
